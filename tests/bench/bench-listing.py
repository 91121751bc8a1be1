#!/usr/bin/python3
# bench-listing.py: the listing and single-change figures of issue 12, each
# as a ratio against its peer measured in the same run
#
# For each size (1,000 and 10,000 databases by default) it writes an
# AD-shaped organisation as LDIF (one site per 50 databases, one Mailbox
# server per 10 and one CAS server per 100 databases: 200 sites and 1,100
# servers at 10,000), loads it into a throwaway slapd
# (casarray-test-slapd-run) and copies it as an embedded store, then runs
# paired measurements, alternating the two sides of each pair so drift on
# a shared machine hits both, and prints medians:
#
#   listing/ldapsearch   casarray 'Get-MailboxDatabase | fl Name,
#                        RpcClientAccessServer' over LDAP vs two raw paged
#                        ldapsearch calls asking for the same data
#   listing/python-ldap  the same vs listing-python-ldap.py (python-ldap,
#                        the same two paged searches and a dict join)
#   memory/python-ldap   peak RSS of the two
#   store/ldap           the listing on the embedded store vs over LDAP
#   store memory/file    the store listing's peak RSS vs the LDIF's size
#   200 sets store/ldap  a script of 200 Set-MailboxDatabase on the store
#                        vs the same script against slapd (and, for
#                        reference, vs ldapmodify applying the same 200
#                        changes from a precomputed LDIF)
#
# It also checks that the three listings (casarray over LDAP, over the
# store, python-ldap) are identical line for line, and fails otherwise.
#
# Usage (from the source tree, after `meson compile -C build`):
#   /usr/bin/python3 tests/bench/bench-listing.py [--build build]
#        [--sizes 1000,10000] [--pairs 5] [--large]
# --large adds the 100 MB store row (about 110,000 databases): open and
# list, and one Set-, time and peak memory.  Needs ldap-utils and
# python3-ldap (Debian) and GNU time (/usr/bin/time, Debian's time, for
# the peak RSS).  Targets and recorded figures: docs/benchmarks.md.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
import argparse
import base64
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
CONFIG = "CN=Configuration,DC=contoso,DC=com"
ORG = "CN=Contoso Corp,CN=Microsoft Exchange,CN=Services," + CONFIG
GROUP = "CN=Exchange Administrative Group (FYDIBOHF23SPDLT),CN=Administrative Groups," + ORG
LEGACY_GROUP = "/o=Contoso Corp/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)"
SERVERS_LEGACY = LEGACY_GROUP + "/cn=Configuration/cn=Servers/cn="
NAMESPACE = uuid.UUID("6ba7b811-9dad-11d1-80b4-00c04fd430c8")  # RFC 4122 URL namespace


def entry(out, dn, classes, name, extra=()):
    """One entry with the attributes AD adds to every object."""
    guid = base64.b64encode(uuid.uuid5(NAMESPACE, dn).bytes_le).decode()
    out.append(f"dn: {dn}\n")
    out.extend(f"objectClass: {c}\n" for c in ["top"] + classes)
    out.append(f"cn: {name}\nname: {name}\ninstanceType: 4\n"
               f"whenCreated: 20140116091806.0Z\nwhenChanged: 20140116091806.0Z\n"
               f"showInAdvancedViewOnly: TRUE\nobjectGUID:: {guid}\n")
    out.extend(f"{a}: {v}\n" for a, v in extra)
    out.append("\n")


def organisation(databases):
    sites = max(2, databases // 50)
    mailbox = max(1, databases // 10)
    cas = max(1, databases // 100)
    out = []
    entry(out, CONFIG, ["configuration"], "Configuration")
    entry(out, "CN=Sites," + CONFIG, ["sitesContainer"], "Sites")
    for s in range(sites):
        entry(out, f"CN=Site{s:03d},CN=Sites," + CONFIG, ["site"], f"Site{s:03d}")
    entry(out, "CN=Services," + CONFIG, ["container"], "Services")
    entry(out, "CN=Microsoft Exchange,CN=Services," + CONFIG,
          ["container", "msExchConfigurationContainer"], "Microsoft Exchange")
    entry(out, ORG, ["container", "msExchOrganizationContainer"], "Contoso Corp",
          [("legacyExchangeDN", "/o=Contoso Corp")])
    entry(out, "CN=Administrative Groups," + ORG, ["container", "msExchAdminGroupContainer"],
          "Administrative Groups")
    entry(out, GROUP, ["msExchAdminGroup"], "Exchange Administrative Group (FYDIBOHF23SPDLT)",
          [("legacyExchangeDN", LEGACY_GROUP)])
    entry(out, "CN=Servers," + GROUP, ["container", "msExchServersContainer"], "Servers")
    entry(out, "CN=Databases," + GROUP, ["msExchMDBContainer"], "Databases")
    entry(out, "CN=Arrays," + GROUP, ["container", "msExchContainer"], "Arrays")

    def server(name, roles, site):
        entry(out, f"CN={name},CN=Servers," + GROUP, ["server", "msExchExchangeServer"], name, [
            ("serialNumber", "Version 14.3 (Build 123.4)"),
            ("networkAddress", f"netbios:{name}"),
            ("networkAddress", f"ncacn_ip_tcp:{name.lower()}.contoso.com"),
            ("versionNumber", "1937866977"),
            ("legacyExchangeDN", SERVERS_LEGACY + name),
            ("msExchServerSite", f"CN=Site{site:03d},CN=Sites," + CONFIG),
            ("msExchCurrentServerRoles", str(roles)),
            ("systemFlags", "1375731712")])

    for m in range(mailbox):
        server(f"MBX{m:05d}", 2, m % sites)
    for c in range(cas):
        server(f"CAS{c:04d}", 4, c % sites)
    for d in range(databases):
        name = f"DB{d:06d}"
        owner = f"CN=MBX{d % mailbox:05d},CN=Servers," + GROUP
        entry(out, f"CN={name},CN=Databases," + GROUP, ["msExchMDB", "msExchPrivateMDB"], name, [
            ("msExchOwningServer", owner),
            ("msExchMasterServerOrAvailabilityGroup", owner),
            ("msExchEDBFile", f"C:\\Program Files\\Microsoft\\Exchange Server\\V14\\Mailbox\\{name}\\{name}.edb"),
            ("msExchESEParamLogFilePath", f"C:\\Program Files\\Microsoft\\Exchange Server\\V14\\Mailbox\\{name}"),
            ("msExchEDBOffline", "FALSE"),
            ("msExchESEParamCircularLog", "0"),
            ("msExchDatabaseCreated", "TRUE"),
            ("deliveryMechanism", "0"),
            ("legacyExchangeDN", SERVERS_LEGACY + f"CAS{d % cas:04d}/cn=Microsoft Private MDB"),
            ("systemFlags", "1610612736")])
    return "".join(out), cas


def timed(argv):
    """Runs argv: (seconds, its own peak RSS in KiB, stdout)."""
    # The peak RSS comes from GNU time's wait4 on its own child: a child
    # forked from this process starts with this process's RSS (the LDIF
    # text, the outputs), and ru_maxrss survives exec, so wait4 here would
    # report at least this script's size for every program measured.
    with tempfile.NamedTemporaryFile(prefix="casarray-bench-rss-") as rss:
        start = time.perf_counter()
        proc = subprocess.Popen(["/usr/bin/time", "-f", "%M", "-o", rss.name] + argv,
                                stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        out = proc.stdout.read()
        err = proc.stderr.read()
        status = proc.wait()
        seconds = time.perf_counter() - start
        if status != 0:
            sys.exit(f"bench-listing: {' '.join(argv[:4])}... failed: {err.decode()[-2000:]}")
        peak = int(open(rss.name).read().split()[-1])
    return seconds, peak, out


def pairs(n, a, b):
    """n paired runs of a and b, alternating which goes first."""
    ratios, a_runs, b_runs = [], [], []
    for i in range(n):
        first, second = (a, b) if i % 2 == 0 else (b, a)
        r1 = first()
        r2 = second()
        ra, rb = (r1, r2) if i % 2 == 0 else (r2, r1)
        a_runs.append(ra)
        b_runs.append(rb)
        ratios.append(ra[0] / rb[0])
    return statistics.median(ratios), a_runs, b_runs


class Slapd:
    def __init__(self, runner, ldif):
        self.proc = subprocess.Popen([runner, ldif], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        self.env = {}
        for line in self.proc.stdout:
            line = line.strip()
            if line == "# ready":
                break
            if line.startswith("export "):
                name, _, value = line[7:].partition("=")
                self.env[name] = subprocess.run(["sh", "-c", f"printf %s {value}"],
                                                capture_output=True, text=True).stdout
        else:
            sys.exit("bench-listing: the slapd fixture did not start")

    def __getitem__(self, name):
        return self.env["CASARRAY_TEST_" + name]

    def stop(self):
        self.proc.stdin.close()
        self.proc.wait()


def set_script(path, count, cas, databases):
    with open(path, "w") as f:
        for i in range(count):
            f.write(f'Set-MailboxDatabase "DB{i * 7 % databases:06d}" -RpcClientAccessServer cas{(i + 1) % cas:04d}.contoso.com\n')


def set_ldif(path, count, cas, databases):
    with open(path, "w") as f:
        for i in range(count):
            f.write(f"dn: CN=DB{i * 7 % databases:06d},CN=Databases,{GROUP}\nchangetype: modify\nreplace: legacyExchangeDN\n"
                    f"legacyExchangeDN: {SERVERS_LEGACY}CAS{(i + 2) % cas:04d}/cn=Microsoft Private MDB\n-\n\n")


def bench_size(args, databases, work):
    casarray = os.path.join(args.build, "tools", "casarray", "casarray")
    runner = os.path.join(args.build, "tests", "fixture", "casarray-test-slapd-run")
    ldif_text, cas = organisation(databases)
    ldif = os.path.join(work, f"org-{databases}.ldif")
    with open(ldif, "w") as f:
        f.write(ldif_text)
    store = os.path.join(work, f"store-{databases}.ldif")
    shutil.copy(ldif, store)
    slapd = Slapd(runner, ldif)
    try:
        uri, dn, pw, base = slapd["LDAP_URI"], slapd["ADMIN_DN"], slapd["ADMIN_PASSWORD_FILE"], slapd["CONFIGURATION_DN"]
        listing = "Get-MailboxDatabase | fl Name,RpcClientAccessServer"
        over_ldap = lambda: timed([casarray, "-s", uri, "-D", dn, "-y", pw, listing])
        over_store = lambda: timed([casarray, "-s", store, listing])
        python_ldap = lambda: timed(["/usr/bin/python3", os.path.join(HERE, "listing-python-ldap.py"), uri, dn, pw, base])

        def ldapsearch():
            common = ["ldapsearch", "-x", "-LLL", "-o", "ldif-wrap=no", "-H", uri, "-D", dn, "-y", pw,
                      "-b", base, "-E", "pr=1000/noprompt"]
            a = timed(common + ["(objectClass=msExchPrivateMDB)", "name", "legacyExchangeDN"])
            b = timed(common + ["(objectClass=msExchExchangeServer)", "legacyExchangeDN", "networkAddress"])
            return a[0] + b[0], max(a[1], b[1]), a[2] + b[2]

        # Same answers from every path, line for line.
        outputs = {"ldap": over_ldap()[2], "store": over_store()[2], "python-ldap": python_ldap()[2]}
        if len(set(outputs.values())) != 1 or outputs["ldap"].count(b"Name ") != databases:
            keep = tempfile.mkdtemp(prefix="casarray-bench-listings-")
            for name, out in outputs.items():
                with open(os.path.join(keep, f"listing-{name}.txt"), "wb") as f:
                    f.write(out)
            sys.exit(f"bench-listing: the listings differ at {databases} databases; see {keep}/listing-*.txt")

        rows = []
        r, a, b = pairs(args.pairs, over_ldap, ldapsearch)
        rows.append(("listing over LDAP / 2 paged ldapsearch", r, "at most 1.3"))
        r, a, b = pairs(args.pairs, over_ldap, python_ldap)
        rows.append(("listing over LDAP / python-ldap script", r, "at most 0.8 (1.25x faster)"))
        mem_ldap = statistics.median(x[1] for x in a)
        mem_python = statistics.median(x[1] for x in b)
        rows.append((f"peak RSS over LDAP / python-ldap ({mem_ldap / 1024:.0f} / {mem_python / 1024:.0f} MiB)",
                     mem_ldap / mem_python, "at most 1.0 (32 MiB)"))
        r, a, b = pairs(args.pairs, over_store, over_ldap)
        rows.append(("listing on the store / over LDAP", r, "at most 1.0"))
        mem_store = statistics.median(x[1] for x in a)
        size = os.path.getsize(ldif)
        rows.append((f"store peak RSS / LDIF file ({mem_store / 1024:.0f} / {size / 1048576:.1f} MiB)",
                     mem_store * 1024 / size, "at most 3"))

        script = os.path.join(work, "sets.ps1")
        set_script(script, 200, cas, databases)
        changes = os.path.join(work, "sets.ldif")
        set_ldif(changes, 200, cas, databases)
        sets_store = lambda: timed([casarray, "-s", store, "-f", script])
        sets_ldap = lambda: timed([casarray, "-s", uri, "-D", dn, "-y", pw, "-f", script])
        ldapmodify = lambda: timed(["ldapmodify", "-x", "-H", uri, "-D", dn, "-y", pw, "-f", changes])
        r, a, b = pairs(max(1, args.pairs // 2), sets_store, sets_ldap)
        rows.append(("200 Set-MailboxDatabase: store / slapd", r, "at most 1.0"))
        r, a, b = pairs(max(1, args.pairs // 2), sets_ldap, ldapmodify)
        rows.append(("200 Set-MailboxDatabase over LDAP / ldapmodify", r, "(reference)"))
    finally:
        slapd.stop()
    print(f"\n{databases} databases ({os.path.getsize(ldif) / 1048576:.1f} MiB of LDIF), medians of {args.pairs} pairs")
    for label, ratio, target in rows:
        print(f"  {label:<62} {ratio:6.2f}x   target {target}")
    sys.stdout.flush()


def bench_large(args, work):
    casarray = os.path.join(args.build, "tools", "casarray", "casarray")
    databases = 110000
    text, cas = organisation(databases)
    store = os.path.join(work, "store-large.ldif")
    with open(store, "w") as f:
        f.write(text)
    del text
    size = os.path.getsize(store) / 1048576
    t, rss, _ = timed([casarray, "-s", store, "Get-ClientAccessArray"])
    print(f"\n{databases} databases as a store ({size:.0f} MiB)")
    print(f"  open                      {t:6.2f} s  peak RSS {rss / 1024:6.0f} MiB ({rss / 1024 / size:.1f}x the file)")
    t, rss, _ = timed([casarray, "-s", store, "Set-MailboxDatabase DB000007 -RpcClientAccessServer cas0001.contoso.com"])
    print(f"  one Set-MailboxDatabase   {t:6.2f} s  peak RSS {rss / 1024:6.0f} MiB")
    t, rss, _ = timed([casarray, "-s", store, "Get-MailboxDatabase | fl Name,RpcClientAccessServer"])
    print(f"  listing                   {t:6.2f} s  peak RSS {rss / 1024:6.0f} MiB ({rss / 1024 / size:.1f}x the file)")


def main():
    parser = argparse.ArgumentParser(description="issue 12 listing and single-change figures, as ratios against their peers")
    parser.add_argument("--build", default="build", help="the meson build folder")
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--pairs", type=int, default=5)
    parser.add_argument("--large", action="store_true", help="add the 100 MB store")
    args = parser.parse_args()
    os.environ["LDAPNOINIT"] = "1"
    with tempfile.TemporaryDirectory(prefix="casarray-bench-") as work:
        for size in args.sizes.split(","):
            bench_size(args, int(size), work)
        if args.large:
            bench_large(args, work)


if __name__ == "__main__":
    main()
