Get-MailboxDatabase | fl Name,RpcClientAccessServer
