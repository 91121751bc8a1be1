New-ADSite Half; Write-Host (a}
Write-Host @{ a='}'
