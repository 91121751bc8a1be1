Write-Host @"
here $(Get-Date) string
"@ 'single' `
  -continued <# block #> # comment
