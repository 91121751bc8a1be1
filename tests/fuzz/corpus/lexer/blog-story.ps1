# blog-story.ps1: the Exchange 2010 CAS array story, in Exchange Management
# Shell syntax, for the casarray command
#
#   casarray --store URI -f examples/blog-story.ps1
#
# The store must hold no Exchange organisation yet: an empty directory
# (a throwaway slapd, for instance) or a new embedded store.
#
# Outlook clients connect to the endpoint each mailbox database names in its
# RpcClientAccessServer.  Exchange fills that in once, when the database is
# created, and never again: databases created while CAS1 was the only
# Client Access server keep pointing at CAS1 after a Client Access array
# exists, and when CAS1 goes, their users cannot connect.  The fix is
# Set-MailboxDatabase -RpcClientAccessServer on every database.
#
# New-Organization, New-ADSite and New-/Remove-ExchangeServer are casarray
# extensions: they stand for what Active Directory tools and Exchange setup
# do in a real organisation.

Write-Host "==> A lab: organisation Contoso, site Default-First-Site-Name, Mailbox server MBX1, one Client Access server CAS1"
New-Organization -Name Contoso | Out-Null
New-ADSite -Name Default-First-Site-Name | Out-Null
New-ExchangeServer -Name MBX1 -Fqdn mbx1.contoso.com -Site Default-First-Site-Name -ServerRole Mailbox | Out-Null
New-ExchangeServer -Name CAS1 -Fqdn cas1.contoso.com -Site Default-First-Site-Name -ServerRole ClientAccess,HubTransport | Out-Null
Get-ExchangeServer

Write-Host "==> New-MailboxDatabase while CAS1 is the only Client Access server: Exchange points every database at CAS1"
New-MailboxDatabase -Name DB1 -Server MBX1 | Out-Null
New-MailboxDatabase -Name DB2 -Server MBX1 | Out-Null
New-MailboxDatabase -Name DB3 -Server MBX1 | Out-Null
Get-MailboxDatabase | fl Name,RpcClientAccessServer

Write-Host "==> Two more Client Access servers, load-balanced behind casarray.contoso.com, recorded as a Client Access array"
New-ExchangeServer -Name CAS2 -Fqdn cas2.contoso.com -Site Default-First-Site-Name -ServerRole ClientAccess,HubTransport | Out-Null
New-ExchangeServer -Name CAS3 -Fqdn cas3.contoso.com -Site Default-First-Site-Name -ServerRole ClientAccess,HubTransport | Out-Null
New-ClientAccessArray -Name "CAS array" -Fqdn casarray.contoso.com -Site Default-First-Site-Name

Write-Host "==> The existing databases ignore the array: they still point at CAS1"
Get-MailboxDatabase | fl Name,RpcClientAccessServer

# Uninstalling Exchange from CAS1 does not look at the databases that use
# it.  casarray refuses to strand them unless told to: -Force does what
# Exchange does (-RepointDatabases would repoint them first).
Write-Host "==> CAS1 is decommissioned: RpcClientAccessServer now resolves to nothing and Outlook clients cannot connect"
Remove-ExchangeServer CAS1 -Force -Confirm:$false
Get-MailboxDatabase | fl Name,RpcClientAccessServer

Write-Host "==> Nothing in Exchange says which databases are affected; casarray's audit does"
Test-ClientAccessConfiguration | ft Severity,Kind,Subject

Write-Host "==> The fix: point every database at the array"
Get-MailboxDatabase | Set-MailboxDatabase -RpcClientAccessServer casarray.contoso.com
Get-ClientAccessArray
Get-MailboxDatabase | fl Name,RpcClientAccessServer
