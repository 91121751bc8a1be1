#!/usr/bin/python3
# point-site-at-array.py: point a site's mailbox databases at its array
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# For each mailbox database whose server is in SITE and whose
# RpcClientAccessServer is not the site's client access array,
# Set-MailboxDatabase -RpcClientAccessServer <array>.  Each change is a
# compare-and-set against the value just read: a database someone else
# changed meanwhile is reported and left alone (exit 3).  --what-if only
# prints the plan.
#
#   point-site-at-array.py ldapi:/// Default-First-Site-Name --what-if

import sys

import gi

gi.require_version('Casarray', '1.0')
from gi.repository import Casarray, GLib  # noqa: E402

from _connect import open_directory, parser  # noqa: E402


def main():
    p = parser("Point a site's mailbox databases at the site's client access array.")
    p.add_argument('site')
    p.add_argument('--what-if', action='store_true', help='print what would change, change nothing')
    args = p.parse_args()
    directory = open_directory(args)
    try:
        arrays = directory.get_client_access_arrays(site=args.site)
        if not arrays:
            print('point-site-at-array: site %s has no client access array; create one first'
                  % args.site, file=sys.stderr)
            return 1
        array = arrays[0]
        servers = {s.distinguished_name.casefold() for s in directory.get_exchange_servers()
                   if (s.site or '').casefold() == args.site.casefold()}
        databases = [db for db in directory.get_mailbox_databases(include_pre_exchange2010=True)
                     if (db.server_dn or '').casefold() in servers]
    except GLib.Error as error:
        print('point-site-at-array: %s' % error.message, file=sys.stderr)
        return 1

    status = 0
    for db in sorted(databases):
        old = db.rpc_client_access_server or '(nothing)'
        if (db.rpc_client_access_server_legacy_dn or '').casefold() == array.exchange_legacy_dn.casefold():
            print('%s: already uses %s' % (db.name, array.fqdn))
            continue
        if args.what_if:
            print('%s: would change %s -> %s' % (db.name, old, array.fqdn))
            continue
        try:
            directory.set_rpc_client_access_server(db, array.distinguished_name)
        except GLib.Error as error:
            if not error.matches(Casarray.error_quark(), Casarray.Error.CONFLICT):
                print('point-site-at-array: %s' % error.message, file=sys.stderr)
                return 1
            print('%s: changed by someone else meanwhile, left alone (%s)' % (db.name, error.message))
            status = 3
            continue
        print('%s: %s -> %s' % (db.name, old, array.fqdn))
    return status


if __name__ == '__main__':
    sys.exit(main())
