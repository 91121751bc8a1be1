Repair-ClientAccessConfiguration
Test-ClientAccessConfiguration | Repair-ClientAccessConfiguration -WhatIf
"DB1","DB9","DB2" | Remove-MailboxDatabase -Confirm:$false
