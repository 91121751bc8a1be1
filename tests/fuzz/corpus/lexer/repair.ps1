Repair-ClientAccessConfiguration -Confirm:$false
Set-ClientAccessServer CAS1 -AutoDiscoverServiceInternalUri https://cas1.contoso.com/autodiscover/autodiscover.xml
