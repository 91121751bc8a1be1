Get-MailboxDatabase –Server MBX1 “quoted”
