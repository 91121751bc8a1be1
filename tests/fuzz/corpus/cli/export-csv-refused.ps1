Get-MailboxDatabase | Export-Csv -Path fuzz-export.csv -NoTypeInformation
Get-MailboxDatabase | Export-Csv -Path fuzz-export.csv -Append
