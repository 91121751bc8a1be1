Write-Host @{ a=1 # }
}; New-ADSite Two
Write-Host "a $("b;c") d" $(x; @(y; @{z=1}))
