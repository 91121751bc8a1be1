# Casarray.py: PyGObject overrides for libcasarray (Casarray-1.0)
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Convenience only: nothing of the introspected API is hidden or changed.
# Every C function keeps its generated binding (Directory.get_sites_sync,
# get_sites_async/get_sites_finish, the getters, .props ...); this module
# adds, on top:
#
#  - properties readable as attributes (db.rpc_client_access_server, and
#    directory.bind_dn = "..." for the writable properties of Directory);
#  - repr(), ==, hash() by distinguished name, and ordering by name, for
#    the objects read from the directory: all on their base class,
#    Casarray.Object, so Site, Server, MailboxDatabase, ClientAccessServer
#    and ClientAccessArray inherit them; iterating a ClientAccessArray
#    yields the names of its member servers;
#  - Directory methods named after the operation without the _sync suffix
#    (directory.get_mailbox_databases(server="MBX1"),
#    directory.set_mailbox_database("DB1",
#    rpc_client_access_server="casarray.contoso.com"), directory.repair(
#    what_if=True)) taking the optional parameters as keyword arguments
#    with their default, and the settings of their option objects (a
#    Casarray.Filter, a change set, a *Flags value) as keyword arguments
#    too, and returning Python lists;
#  - Directory.call(), which runs an _async/_finish pair from a
#    GLib.MainLoop (or any running GLib main context) and hands the result
#    or the GLib.Error to one callback.
#
# Errors stay GLib.Error: domain Casarray.error_quark() ("casarray-error-
# quark") with a Casarray.Error code, or Gio.IOErrorEnum.CANCELLED.

import inspect

from gi.module import get_introspection_module
from gi.overrides import override
from gi.repository import GLib, GObject

Casarray = get_introspection_module('Casarray')

__all__ = []


def _attribute_name(pspec_name):
    return pspec_name.replace('-', '_')


def _add_property_attributes(cls):
    """Gives cls one Python attribute per GObject property (dashes become
    underscores), unless the class already has an attribute of that name."""
    for pspec in cls.list_properties():
        name = _attribute_name(pspec.name)
        if hasattr(cls, name):
            continue

        def fget(self, _name=pspec.name):
            return self.get_property(_name)

        fset = None
        if (pspec.flags & GObject.ParamFlags.WRITABLE
                and not pspec.flags & GObject.ParamFlags.CONSTRUCT_ONLY):

            def fset(self, value, _name=pspec.name):
                self.set_property(_name, value)

        setattr(cls, name, property(fget, fset, doc=pspec.blurb))


class _PropertyAttributes:
    """Gives every class derived from it (including those PyGObject
    creates later for the subclasses of an overridden type) its properties
    as attributes (_add_property_attributes)."""

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        _add_property_attributes(cls)


class Object(_PropertyAttributes, Casarray.Object):
    """Identity, repr and ordering shared by the objects read from the
    directory.  Two objects are equal when they are of the same type and
    have the same distinguished name (compared case-insensitively, as the
    directory compares cn); they sort by name, then DN.

    Site, Server, MailboxDatabase, ClientAccessServer and
    ClientAccessArray derive from Casarray.Object, so they get all of this
    (and their own properties as attributes) without an override of
    their own."""

    def _dn_key(self):
        return (self.get_distinguished_name() or '').casefold()

    def _order_key(self):
        return ((self.get_name() or '').casefold(), self._dn_key())

    def __eq__(self, other):
        if not isinstance(other, Object) or type(self) is not type(other):
            return NotImplemented
        return self._dn_key() == other._dn_key()

    def __ne__(self, other):
        result = self.__eq__(other)
        return result if result is NotImplemented else not result

    def __hash__(self):
        return hash((type(self).__name__, self._dn_key()))

    def _compare(self, other):
        if not isinstance(other, Object) or type(self) is not type(other):
            return None
        a, b = self._order_key(), other._order_key()
        return (a > b) - (a < b)

    def __lt__(self, other):
        c = self._compare(other)
        return NotImplemented if c is None else c < 0

    def __le__(self, other):
        c = self._compare(other)
        return NotImplemented if c is None else c <= 0

    def __gt__(self, other):
        c = self._compare(other)
        return NotImplemented if c is None else c > 0

    def __ge__(self, other):
        c = self._compare(other)
        return NotImplemented if c is None else c >= 0

    def __repr__(self):
        return '<Casarray.%s %r (%s)>' % (type(self).__name__, self.get_name(),
                                          self.get_distinguished_name())


# The other types with properties, not derived from Casarray.Object: an
# override each, so that no class is patched from outside.
class Finding(_PropertyAttributes, Casarray.Finding):
    pass


class RepairResult(_PropertyAttributes, Casarray.RepairResult):
    pass


# Casarray.ClientAccessArray, looked up while this module loads, derives
# from the plain Casarray.Object: the override base comes second, as Gtk's
# overrides do for Container(Gtk.Container, Widget).
class ClientAccessArray(Casarray.ClientAccessArray, Object):
    def __iter__(self):
        """The names of the member servers (get_members())."""
        return iter(self.get_members() or [])


class Directory(_PropertyAttributes, Casarray.Directory):
    """A directory holding an Exchange organisation.

    Besides the generated bindings, every operation ``X_sync`` is also
    available as ``X`` (see _add_operations()), with keyword arguments and
    defaults for its optional parameters, e.g.
    ``directory.get_mailbox_databases(server="MBX1")`` or
    ``directory.set_mailbox_database("DB1", rpc_client_access_server=fqdn)``.
    ``connect_sync()`` keeps only its own name: ``connect()`` is GObject's
    signal connection."""

    def __repr__(self):
        return '<Casarray.Directory %s>' % (self.get_uri(),)

    def call(self, operation, *args, callback, cancellable=None, **kwargs):
        """Starts ``operation_async`` and returns at once.

        *args and **kwargs are those of the keyword form of the operation
        (``directory.call("get_mailbox_databases", server="MBX1",
        callback=done)``).  When the operation completes, in the
        thread-default main context (a running GLib.MainLoop),
        ``callback(result, error)`` is called with either the value
        ``operation_finish`` returns and None, or None and the GLib.Error
        (Casarray.Error, or Gio.IOErrorEnum.CANCELLED)."""
        values = getattr(type(self), operation)._values_of(
            (self,) + args, dict(kwargs, cancellable=cancellable))[1:]
        start = getattr(self, operation + '_async')
        finish = getattr(self, operation + '_finish')

        def done(directory, async_result):
            try:
                result = finish(async_result)
            except GLib.Error as error:
                callback(None, error)
            else:
                callback(result, None)

        start(*values, done)


def _default_for(arg):
    """The default of an optional parameter of an operation, or
    inspect.Parameter.empty for a required one: None for nullable
    parameters (and the cancellable) and for the option objects (a Filter,
    a change set: see _option_keywords()), False for booleans, no flags for
    a *Flags parameter, the first choice for a *Policy (CasarrayServerRole,
    a value rather than an option, stays required)."""
    info = arg.get_type()
    tag = info.get_tag_as_string()
    if arg.may_be_null():
        return None
    if tag == 'gboolean':
        return False
    if tag == 'interface':
        iface = info.get_interface()
        if _option_class(arg) is not None:
            return None
        if (hasattr(iface, 'is_flags') and iface.is_flags()
                and iface.get_name().endswith('Flags')):
            return getattr(Casarray, iface.get_name())(0)
        if iface.get_name().endswith('Policy'):
            return getattr(Casarray, iface.get_name())(0)
    return inspect.Parameter.empty


def _option_class(arg):
    """Casarray.Filter or a Casarray.*Changes when arg takes one, else None."""
    info = arg.get_type()
    if info.get_tag_as_string() != 'interface':
        return None
    name = info.get_interface().get_name()
    if name == 'Filter' or name.endswith('Changes'):
        return getattr(Casarray, name)
    return None


def _flag_keywords(flags_type):
    """One boolean keyword per value of a *Flags type: what_if for
    WriteFlags.WHAT_IF, include_pre_exchange2010 for GetFlags..."""
    return {nick.replace('-', '_'): value
            for value in flags_type.__flags_values__.values()
            for nick in value.value_nicks if nick != 'none'}


def _option_keywords(cls):
    """The keyword arguments that fill an option object of class cls: one
    per setter (set_server -> server=...), and for a Filter also one
    boolean per Casarray.GetFlags value.  name -> function (obj, value)."""
    keywords = {}
    for method in cls.__info__.get_methods():
        if method.get_name().startswith('set_'):
            keywords[method.get_name()[4:]] = (
                lambda obj, value, _m=method.get_name(): getattr(obj, _m)(value))
    if cls is Casarray.Filter:
        for key, value in _flag_keywords(Casarray.GetFlags).items():
            keywords[key] = (lambda obj, on, _v=value:
                             obj.set_flags(obj.get_flags() | _v) if on else None)
    return keywords


def _keyword_form(name, info):
    """X(...) for X_sync(...): the same parameters, with defaults for the
    optional ones, and keyword arguments for what goes into its option
    objects: directory.get_mailbox_databases(server="MBX1"),
    directory.set_mailbox_database("DB1", rpc_client_access_server=fqdn),
    directory.repair(what_if=True)."""
    sync = getattr(Casarray.Directory, name + '_sync')
    parameters = [inspect.Parameter('self', inspect.Parameter.POSITIONAL_OR_KEYWORD)]
    arguments = info.get_arguments()
    defaults = [_default_for(arg) for arg in arguments]
    # Only a trailing run of optional parameters gets defaults.
    for i in range(len(defaults) - 2, -1, -1):
        if defaults[i + 1] is inspect.Parameter.empty:
            defaults[i] = inspect.Parameter.empty
    options = {}     # keyword -> (parameter name, option class or None, apply)
    required = {}    # option parameters that may not be None -> their class
    names = {arg.get_name() for arg in arguments}
    for arg, default in zip(arguments, defaults):
        parameters.append(inspect.Parameter(arg.get_name(),
                                            inspect.Parameter.POSITIONAL_OR_KEYWORD,
                                            default=default))
        cls = _option_class(arg)
        if cls is not None:
            if not arg.may_be_null():
                required[arg.get_name()] = cls
            for key, apply in _option_keywords(cls).items():
                if key not in names:
                    options[key] = (arg.get_name(), cls, apply)
        elif arg.get_name() == 'flags' and default is not inspect.Parameter.empty:
            flags_type = type(default)
            for key, value in _flag_keywords(flags_type).items():
                if key not in names:
                    options[key] = (arg.get_name(), None, value)
    for key in options:
        parameters.append(inspect.Parameter(key, inspect.Parameter.KEYWORD_ONLY, default=None))
    signature = inspect.Signature(parameters)

    def values_of(args, kwargs):
        given = {key: kwargs.pop(key) for key in list(kwargs) if key in options}
        bound = signature.bind(*args, **kwargs)
        bound.apply_defaults()
        for key, value in given.items():
            target, cls, apply = options[key]
            if value is None:
                continue
            if cls is None:           # a flag of a *Flags parameter
                if value:
                    bound.arguments[target] |= apply
                continue
            if bound.arguments[target] is None:
                bound.arguments[target] = cls()
            apply(bound.arguments[target], value)
        for target, cls in required.items():
            if bound.arguments[target] is None:
                bound.arguments[target] = cls()
        return [value for key, value in bound.arguments.items() if key not in options]

    def operation(*args, **kwargs):
        return sync(*values_of(args, kwargs))

    operation.__name__ = operation.__qualname__ = name
    operation.__signature__ = signature
    operation._values_of = values_of
    operation.__doc__ = ('%s_sync() with keyword arguments, also for what goes into its option '
                         'objects (%s): returns what it returns (a list for the Get- operations) '
                         'and raises its GLib.Error.' % (name, ', '.join(sorted(options)) or 'none'))
    return operation


def _add_operations(cls):
    """Adds X(...) for every X_sync(...) of Casarray.Directory, unless cls
    already has an attribute X."""
    for info in Casarray.Directory.__info__.get_methods():
        method = info.get_name()
        if not method.endswith('_sync'):
            continue
        name = method[:-len('_sync')]
        if hasattr(cls, name):
            continue
        setattr(cls, name, _keyword_form(name, info))


_add_operations(Directory)


for _cls in (Object, ClientAccessArray, Finding, RepairResult, Directory):
    globals()[_cls.__name__] = override(_cls)
    __all__.append(_cls.__name__)
del _cls
