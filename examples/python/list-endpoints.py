#!/usr/bin/python3
# list-endpoints.py: Get-MailboxDatabase | fl Name,Server,RpcClientAccessServer
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Lists every mailbox database with the endpoint its Outlook clients are
# sent to, and says which endpoints are gone.  Exits 3 when at least one
# database points at nothing.
#
#   list-endpoints.py ldaps://dc1.contoso.com --bind-dn casarray@contoso.com \
#       --password-file /etc/casarray/password

import sys

import gi

gi.require_version('Casarray', '1.0')
from gi.repository import GLib  # noqa: E402

from _connect import open_directory, parser  # noqa: E402


def main():
    args = parser('List mailbox databases and their RpcClientAccessServer.').parse_args()
    directory = open_directory(args)
    try:
        databases = directory.get_mailbox_databases(include_pre_exchange2010=True)
    except GLib.Error as error:
        print('list-endpoints: %s' % error.message, file=sys.stderr)
        return 1

    broken = 0
    for db in sorted(databases):
        endpoint = db.rpc_client_access_server
        if not endpoint:
            broken += 1
            endpoint = '(gone: %s; clients cannot connect)' % db.rpc_client_access_server_legacy_dn
        print('Name                  : %s' % db.name)
        print('Server                : %s' % db.server)
        print('RpcClientAccessServer : %s' % endpoint)
        print()
    return 3 if broken else 0


if __name__ == '__main__':
    sys.exit(main())
