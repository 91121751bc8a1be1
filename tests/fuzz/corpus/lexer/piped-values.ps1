"DB1","DB2" | Get-MailboxDatabase | Select-Object Name
