$x = (Get-ADSite); { script } @( 1, 2 ) $(a)
