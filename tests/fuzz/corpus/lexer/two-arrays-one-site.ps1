Get-ClientAccessArray -Site Default-First-Site-Name | fl *
New-ClientAccessArray -Name Array2 -Fqdn a2.contoso.com -Site Default-First-Site-Name
Get-ClientAccessArray
