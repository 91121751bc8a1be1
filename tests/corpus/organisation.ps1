# organisation.ps1: builds tests/corpus/organisation.ldif, the test organisation
# the corpus lines run against (names adapted from the published lines to these):
#   sites Default-First-Site-Name (MBX1, MBX2, CAS1, CAS2, array casarray01 =
#   outlook.contoso.com) and Branch-Office (MBX3, CAS3, no array);
#   DB01, DB02 on MBX1 created before the array (so they point at CAS1),
#   DB03 on MBX2 created after it (the array), DB04 on MBX3 (CAS3).
# Regenerate: rm -f organisation.ldif*; casarray -s organisation.ldif -f organisation.ps1
# then fold the store's journal into the snapshot (docs/embedded-store.md) and
# remove organisation.ldif.journal and .lock: the corpus copies only the .ldif,
# and run-corpus.py refuses to run while a journal is next to it.

New-Organization -Name Contoso | Out-Null
New-ADSite -Name Default-First-Site-Name | Out-Null
New-ADSite -Name Branch-Office | Out-Null
New-ExchangeServer -Name MBX1 -Fqdn mbx1.contoso.com -Site Default-First-Site-Name -ServerRole Mailbox -AdminDisplayVersion "Version 14.3 (Build 123.4)" | Out-Null
New-ExchangeServer -Name MBX2 -Fqdn mbx2.contoso.com -Site Default-First-Site-Name -ServerRole Mailbox -AdminDisplayVersion "Version 14.3 (Build 123.4)" | Out-Null
New-ExchangeServer -Name MBX3 -Fqdn mbx3.contoso.com -Site Branch-Office -ServerRole Mailbox -AdminDisplayVersion "Version 14.3 (Build 123.4)" | Out-Null
New-ExchangeServer -Name CAS1 -Fqdn cas1.contoso.com -Site Default-First-Site-Name -ServerRole ClientAccess,HubTransport -AdminDisplayVersion "Version 14.3 (Build 123.4)" | Out-Null
New-ExchangeServer -Name CAS2 -Fqdn cas2.contoso.com -Site Default-First-Site-Name -ServerRole ClientAccess,HubTransport -AdminDisplayVersion "Version 14.3 (Build 123.4)" | Out-Null
New-ExchangeServer -Name CAS3 -Fqdn cas3.contoso.com -Site Branch-Office -ServerRole ClientAccess,HubTransport -AdminDisplayVersion "Version 14.3 (Build 123.4)" | Out-Null
New-MailboxDatabase -Name DB01 -Server MBX1 -EdbFilePath "D:\Databases\DB01\DB01.edb" -LogFolderPath "D:\Logs\DB01" | Out-Null
New-MailboxDatabase -Name DB02 -Server MBX1 -EdbFilePath "D:\Databases\DB02\DB02.edb" -LogFolderPath "D:\Logs\DB02" | Out-Null
New-ClientAccessArray -Name casarray01 -Fqdn outlook.contoso.com -Site Default-First-Site-Name | Out-Null
New-MailboxDatabase -Name DB03 -Server MBX2 -EdbFilePath "D:\Databases\DB03\DB03.edb" -LogFolderPath "D:\Logs\DB03" | Out-Null
New-MailboxDatabase -Name DB04 -Server MBX3 -EdbFilePath "E:\Databases\DB04\DB04.edb" -LogFolderPath "E:\Logs\DB04" | Out-Null
