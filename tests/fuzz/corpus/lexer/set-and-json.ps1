Set-MailboxDatabase DB1 -RpcClientAccessServer outlook.contoso.com -WhatIf
Get-ClientAccessArray | ConvertTo-Json
