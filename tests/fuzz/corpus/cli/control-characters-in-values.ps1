New-Organization "Org`e[2J" -WhatIf
New-ADSite "Site`e]0;x`a"
New-MailboxDatabase -Name "DB`u{9B}1" -Server "MBX`r1" -WhatIf
"DB1`e[31m","DB`t2" | Set-MailboxDatabase -RpcClientAccessServer "`e[2Jcas" -WhatIf
Get-MailboxDatabase | Select-Object -ExpandProperty Name | Write-Output
