New-ADSite Half
Write-Host {
  Get-ADSite
