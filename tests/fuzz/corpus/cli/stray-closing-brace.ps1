New-ADSite Half
}
