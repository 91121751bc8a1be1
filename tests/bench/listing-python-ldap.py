#!/usr/bin/python3
# listing-python-ldap.py: the peer of `casarray 'Get-MailboxDatabase | fl
# Name,RpcClientAccessServer'` in tests/bench/bench-listing.py
#
# What an administrator would write with python-ldap (Debian's python3-ldap)
# instead of using libcasarray: two paged searches (the databases' name and
# legacyExchangeDN; the servers' legacyExchangeDN and networkAddress) and
# the join in a dict.  It prints exactly what casarray prints, so the two
# outputs can be compared line for line.
#
# Usage: listing-python-ldap.py URI BIND-DN PASSWORD-FILE CONFIGURATION-DN
#
# SPDX-License-Identifier: LGPL-2.1-or-later
import sys

import ldap
from ldap.controls import SimplePagedResultsControl

uri, bind_dn, password_file, base = sys.argv[1:5]
conn = ldap.initialize(uri)
conn.simple_bind_s(bind_dn, open(password_file).read().rstrip("\n"))


def paged(filterstr, attributes):
    page = SimplePagedResultsControl(True, size=1000, cookie=b"")
    while True:
        msgid = conn.search_ext(base, ldap.SCOPE_SUBTREE, filterstr, attributes, serverctrls=[page])
        _, entries, _, controls = conn.result3(msgid)
        yield from (attrs for dn, attrs in entries if dn is not None)
        page.cookie = next(c.cookie for c in controls if c.controlType == page.controlType)
        if not page.cookie:
            return


# An Exchange server's FQDN is its ncacn_ip_tcp network address.
fqdn = {}
for attrs in paged("(objectClass=msExchExchangeServer)", ["legacyExchangeDN", "networkAddress"]):
    for address in attrs.get("networkAddress", []):
        if address.lower().startswith(b"ncacn_ip_tcp:"):
            fqdn[attrs["legacyExchangeDN"][0].decode().lower()] = address[13:].decode()

# A database's legacyExchangeDN is its RpcClientAccessServer's, plus
# /cn=Microsoft Private MDB.
rows = []
for attrs in paged("(objectClass=msExchPrivateMDB)", ["name", "legacyExchangeDN"]):
    legacy = attrs["legacyExchangeDN"][0].decode()
    server = legacy.rsplit("/cn=", 1)[0]
    rows.append((attrs["name"][0].decode(), fqdn.get(server.lower(), server)))

out = []
for name, server in sorted(rows, key=lambda row: row[0].lower()):
    out.append(f"\nName                  : {name}\nRpcClientAccessServer : {server}\n")
# Format-List ends its output with one blank line.
sys.stdout.write("".join(out) + ("\n" if out else ""))
