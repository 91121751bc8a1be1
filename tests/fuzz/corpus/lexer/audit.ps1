Get-ExchangeServer | ft Name,Site; Remove-ADSite Branch -Confirm:$false; Test-ClientAccessConfiguration | ft Severity,Kind,Subject
