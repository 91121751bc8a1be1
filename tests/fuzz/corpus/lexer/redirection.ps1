Get-MailboxDatabase > out.txt
"a>b" >> $f
1>2
2>&1
2>> x
Write-Output a>b
"$(1 > x)"
