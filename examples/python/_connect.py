# _connect.py: the command line every example shares (not an example itself)
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import argparse

import gi

gi.require_version('Casarray', '1.0')
from gi.repository import Casarray  # noqa: E402


def parser(description):
    p = argparse.ArgumentParser(description=description)
    p.add_argument('uri', help='ldap://, ldaps:// or ldapi:// URI of the directory')
    p.add_argument('--bind-dn', help='bind with this DN (simple bind); default: SASL EXTERNAL '
                   'over ldapi://, anonymous otherwise')
    p.add_argument('--password-file', help='read the bind password from this file')
    p.add_argument('--base', help='the configuration naming context (default: discovered)')
    return p


def open_directory(args):
    directory = Casarray.Directory.new(args.uri)
    directory.bind_dn = args.bind_dn
    directory.set_password_file(args.password_file)
    directory.configuration_dn = args.base
    return directory
