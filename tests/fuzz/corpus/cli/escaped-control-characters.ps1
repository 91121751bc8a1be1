Get-MailboxDatabase "`e[31mX`0`r"
Get-MailboxDatabase "$([char]27)[31mX"
