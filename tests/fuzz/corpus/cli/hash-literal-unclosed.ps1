New-ADSite Half
Write-Host @{a=1;b=2
New-ADSite Two
