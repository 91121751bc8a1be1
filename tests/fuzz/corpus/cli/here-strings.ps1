Write-Host @"
a;b } "q" ''
tab`tend
"@
Write-Host @'
$(not; a) `t
'@
