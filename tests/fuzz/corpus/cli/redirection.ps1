Get-MailboxDatabase > out.txt
"a>b", "c" >> out.txt
1 > 2; 2 -gt 1
Write-Output a>b
Get-ADSite 2> e.txt
