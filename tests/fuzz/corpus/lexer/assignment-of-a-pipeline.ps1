$x = GeirNRemove-MailboxDatabasew-A(a)
