/* casarray-schema.h: the names Exchange and Active Directory use
 *
 * Private to libcasarray.  Every attribute and class name of the model is
 * spelled here once (see docs/directory-model.md and
 * ../shared/reference/exchange-2010-model.md), with the small parsers for
 * the values whose format Exchange defines (networkAddress, legacyExchangeDN,
 * Autodiscover keywords).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

#include "casarray-entry.h"

G_BEGIN_DECLS

/* Object classes */
#define CASARRAY_CLASS_CONFIGURATION         "configuration"
#define CASARRAY_CLASS_SITES_CONTAINER       "sitesContainer"
#define CASARRAY_CLASS_SITE                  "site"
#define CASARRAY_CLASS_CONTAINER             "container"
#define CASARRAY_CLASS_CONFIG_CONTAINER      "msExchConfigurationContainer"
#define CASARRAY_CLASS_ORGANIZATION          "msExchOrganizationContainer"
#define CASARRAY_CLASS_ADMIN_GROUP_CONTAINER "msExchAdminGroupContainer"
#define CASARRAY_CLASS_ADMIN_GROUP           "msExchAdminGroup"
#define CASARRAY_CLASS_SERVERS_CONTAINER     "msExchServersContainer"
#define CASARRAY_CLASS_MDB_CONTAINER         "msExchMDBContainer"
#define CASARRAY_CLASS_EXCH_CONTAINER        "msExchContainer"
#define CASARRAY_CLASS_SERVER                "server"
#define CASARRAY_CLASS_EXCHANGE_SERVER       "msExchExchangeServer"
#define CASARRAY_CLASS_MDB                   "msExchMDB"
#define CASARRAY_CLASS_PRIVATE_MDB           "msExchPrivateMDB"
#define CASARRAY_CLASS_PUBLIC_MDB            "msExchPublicMDB"
#define CASARRAY_CLASS_CLIENT_ACCESS_ARRAY   "msExchClientAccessArray"
#define CASARRAY_CLASS_SCP                   "serviceConnectionPoint"
/* Active Directory's own site contents (never created by libcasarray) */
#define CASARRAY_CLASS_AD_SERVERS_CONTAINER  "serversContainer"
#define CASARRAY_CLASS_NTDS_SITE_SETTINGS    "nTDSSiteSettings"
#define CASARRAY_CLASS_SUBNET                "subnet"
#define CASARRAY_CLASS_SITE_LINK             "siteLink"

/* Attributes */
#define CASARRAY_ATTR_CN                     "cn"
#define CASARRAY_ATTR_NAME                   "name"
#define CASARRAY_ATTR_OBJECT_CLASS           "objectClass"
#define CASARRAY_ATTR_NETWORK_ADDRESS        "networkAddress"
#define CASARRAY_ATTR_SERVER_SITE            "msExchServerSite"
#define CASARRAY_ATTR_SERVER_ROLES           "msExchCurrentServerRoles"
#define CASARRAY_ATTR_SERIAL_NUMBER          "serialNumber"
#define CASARRAY_ATTR_VERSION_NUMBER         "versionNumber"
#define CASARRAY_ATTR_LEGACY_DN              "legacyExchangeDN"
#define CASARRAY_ATTR_OWNING_SERVER          "msExchOwningServer"
#define CASARRAY_ATTR_EDB_FILE               "msExchEDBFile"
#define CASARRAY_ATTR_LOG_PATH               "msExchESEParamLogFilePath"
#define CASARRAY_ATTR_MASTER_SERVER          "msExchMasterServerOrAvailabilityGroup"
#define CASARRAY_ATTR_EDB_OFFLINE            "msExchEDBOffline"
#define CASARRAY_ATTR_CIRCULAR_LOG           "msExchESEParamCircularLog"
#define CASARRAY_ATTR_DATABASE_CREATED       "msExchDatabaseCreated"
#define CASARRAY_ATTR_RESTORE                "msExchRestore"
#define CASARRAY_ATTR_BINDING_INFO           "serviceBindingInformation"
#define CASARRAY_ATTR_KEYWORDS               "keywords"
#define CASARRAY_ATTR_SYSTEM_FLAGS           "systemFlags"
#define CASARRAY_ATTR_DELIVERY_MECHANISM     "deliveryMechanism"
#define CASARRAY_ATTR_SITE_OBJECT            "siteObject"
#define CASARRAY_ATTR_SITE_LIST              "siteList"

/* systemFlags values as Exchange stamps them (Microsoft.Exchange.Data.
 * Directory: ADConfigurationObject.StampPersistableDefaultValues,
 * ServerSchema.SystemFlags; see docs/directory-model.md).  The
 * administrative group and its Servers container get none (Exchange sets
 * SystemFlagsEnum.None, which is what an absent systemFlags means).  The flags are AD's FLAG_CONFIG_ALLOW_RENAME
 * (0x40000000) and FLAG_DISALLOW_MOVE_ON_DELETE (0x02000000).  AD takes
 * systemFlags only when an object is created, and refuses a rename in the
 * configuration partition unless they allow it. */
#define CASARRAY_SYSTEM_FLAGS_RENAMABLE        "1073741824"   /* organisation, containers, databases, arrays */
#define CASARRAY_SYSTEM_FLAGS_SERVER           "1107296256"   /* servers: rename + delete immediately */
/* DeliveryMechanisms.MessageStore, the value Exchange persists on every
 * database (DatabaseSchema.DeliveryMechanism, Mandatory|PersistDefaultValue). */
#define CASARRAY_DELIVERY_MECHANISM_MESSAGE_STORE "0"

/* Fixed names of the Exchange 2007+ layout */
#define CASARRAY_ADMIN_GROUP_NAME   "Exchange Administrative Group (FYDIBOHF23SPDLT)"
#define CASARRAY_PRIVATE_MDB_CN     "Microsoft Private MDB"
#define CASARRAY_PUBLIC_MDB_CN      "Microsoft Public MDB"
/* The keyword that marks an Autodiscover service connection point. */
#define CASARRAY_AUTODISCOVER_KEYWORD "77378F46-2C66-4aa9-A6A6-3E7A48B19596"
/* versionNumber of Exchange 2010 RTM; databases of older servers are hidden
 * from Get-MailboxDatabase by default. */
#define CASARRAY_EXCHANGE_2010_VERSION 1937801568u
#define CASARRAY_DEFAULT_ADMIN_DISPLAY_VERSION "Version 14.3 (Build 123.4)"

/* networkAddress value carrying the FQDN: "ncacn_ip_tcp:<fqdn>". */
#define CASARRAY_FQDN_PREFIX "ncacn_ip_tcp:"

/* The FQDN of a server or array entry, or NULL. */
const char *casarray_schema_entry_fqdn      (const CasarrayEntry *entry);
/* The whole networkAddress value that carries the FQDN, or NULL. */
const char *casarray_schema_entry_fqdn_value (const CasarrayEntry *entry);
/* "/o=<org>/ou=<admin group>/cn=Configuration/cn=Servers/cn=<name>" */
char       *casarray_schema_server_legacy_dn (const char *organization,
                                              const char *name);
/* legacyExchangeDN of a database pointing at the endpoint whose
 * legacyExchangeDN is @endpoint_legacy_dn. */
char       *casarray_schema_database_legacy_dn (const char *endpoint_legacy_dn,
                                                gboolean    is_public);
/* The parent of a database's legacyExchangeDN: the endpoint's
 * legacyExchangeDN; NULL if the value has no "/" segment. */
char       *casarray_schema_legacy_dn_parent (const char *legacy_dn);
/* A boolean attribute as AD writes it ("TRUE"/"FALSE"), with a default. */
gboolean    casarray_schema_entry_boolean   (const CasarrayEntry *entry,
                                             const char          *attribute,
                                             gboolean             absent);
guint64     casarray_schema_entry_uint      (const CasarrayEntry *entry,
                                             const char          *attribute);
/* The name of an entry: cn, else name, else the first RDN value. */
char       *casarray_schema_entry_name      (const CasarrayEntry *entry);

G_END_DECLS
