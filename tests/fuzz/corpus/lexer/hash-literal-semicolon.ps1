New-ADSite -Name Half; Write-Host @{a=1;b=2}
