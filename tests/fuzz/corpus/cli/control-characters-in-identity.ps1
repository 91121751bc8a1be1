Get-MailboxDatabase "X]0;owned[31mYZ‮"
Set-MailboxDatabase DB1 -RpcClientAccessServer "[2Jcas"
