#!/usr/bin/python3
# create-array.py: New-ClientAccessArray -Name NAME -Fqdn FQDN -Site SITE
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Creates a client access array.  At most one array may exist per site;
# when the site has one already, says which and exits 3.  Existing
# databases are not repointed: see point-site-at-array.py.
#
#   create-array.py ldapi:/// casarray outlook.contoso.com Default-First-Site-Name

import sys

import gi

gi.require_version('Casarray', '1.0')
from gi.repository import Casarray, GLib  # noqa: E402

from _connect import open_directory, parser  # noqa: E402


def main():
    p = parser('Create a client access array in a site.')
    p.add_argument('name')
    p.add_argument('fqdn', help='the name Outlook clients will connect to (load-balanced)')
    p.add_argument('site', help='the Active Directory site')
    args = p.parse_args()
    directory = open_directory(args)
    try:
        array = directory.new_client_access_array(args.name, args.fqdn, args.site)
    except GLib.Error as error:
        print('create-array: %s' % error.message, file=sys.stderr)
        if error.matches(Casarray.error_quark(), Casarray.Error.ARRAY_EXISTS_IN_SITE):
            for existing in directory.get_client_access_arrays(site=args.site):
                print('create-array: the array of %s is %s (%s)' % (args.site, existing.name, existing.fqdn),
                      file=sys.stderr)
            return 3
        return 1
    print('Created %s (%s) in %s; members: %s'
          % (array.name, array.fqdn, array.site, ', '.join(array) or 'none yet'))
    return 0


if __name__ == '__main__':
    sys.exit(main())
