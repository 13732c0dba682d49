"""The reference validator's messages (English, kept word for word by catalogue.publiccode so it
can be compared with the Go parser) in the reader's language, for the pages."""

import re

from django.utils.translation import gettext_lazy as _

_ANY = r"(?P<field>[A-Za-z]+(?:\[\d+\])?)"
_URL = r"'(?P<value>.*)'"

PATTERNS = [
    (rf"^{_ANY} is a required field$", _("%(field)s is required.")),
    (rf'^{_ANY} is a required field when "type" is "(?P<value>[^"]+)"$',
     _("%(field)s is required when the maintenance type is “%(value)s”.")),
    (rf'^{_ANY} must not be present unless "type" is "contract"$',
     _("%(field)s is only for the maintenance type “contract”.")),
    (rf"^{_ANY} must contain more than 0 items$", _("%(field)s needs at least one item.")),
    (rf"^{_ANY} must be one of the following: (?P<value>.+)$",
     _("%(field)s must be one of: %(value)s.")),
    (rf"^{_ANY} must be a valid URL$", _("%(field)s must be a URL.")),
    (rf"^{_ANY} must be an HTTP URL$", _("%(field)s must be an http:// or https:// address.")),
    (rf"^{_ANY} must be a date with format 'YYYY-MM-DD'$",
     _("%(field)s must be a date written YYYY-MM-DD.")),
    (rf"^{_ANY} must be a valid email address$", _("%(field)s must be an e-mail address.")),
    (rf"^{_ANY} must be a maximum of (?P<value>\d+) characters in length$",
     _("%(field)s must be at most %(value)s characters long.")),
    (rf"^{_ANY} must be at least (?P<value>\d+) characters in length$",
     _("%(field)s must be at least %(value)s characters long.")),
    (rf"^{_ANY} must be a valid BCP 47 language$",
     _("%(field)s must be a language tag (BCP 47), such as fr, nl-BE or en.")),
    (rf"^{_ANY} must be a valid ISO 3166-1 alpha-2 two-letter country code$",
     _("%(field)s must be a two-letter country code (ISO 3166-1), such as BE.")),
    (rf"^{_ANY} must be a valid category \(see (?P<value>\S+)\)$",
     _("%(field)s is not in the standard's list of categories (%(value)s).")),
    (rf"^{_ANY} must be a valid scope \(see (?P<value>\S+)\)$",
     _("%(field)s is not in the standard's list of scopes (%(value)s).")),
    (rf"^{_ANY} contains an unknown alias \(see (?P<value>\S+)\)$",
     _("%(field)s names an alias the standard does not know (%(value)s).")),
    (rf"^{_ANY} is not a valid MIME type$", _("%(field)s must be a MIME type.")),
    (rf"^{_ANY} is not a valid URI$", _("%(field)s must be a URL or a URN.")),
    (rf"^{_ANY} must be a valid license \(see (?P<value>\S+)\)$",
     _("%(field)s must be an SPDX licence expression (%(value)s).")),
    (rf"^{_ANY} must be a valid Italian Public Administration Code \(iPA\).*$",
     _("%(field)s must be a code of the Italian public administrations' index (iPA).")),
    (r"^wrong type for this field$", _("This key has the wrong type of value.")),
    (r'^unknown field "(?P<field>.+)"$', _("The standard has no key “%(field)s”.")),
    (r"^unsupported version: '(?P<value>.*)'\. Supported versions: (?P<field>.+)$",
     _("Version “%(value)s” of the standard is not supported; supported: %(field)s.")),
    (r"^v(?P<value>\S+) is not the latest version, use '0'.*$",
     _("Version %(value)s of the standard is an old one: write “0” (the file is read as the "
       "latest version).")),
    (r"^This key is DEPRECATED and will be removed in the future\. It's safe to drop it$",
     _("The standard no longer uses this key: it may be removed.")),
    (r"^This key is DEPRECATED and will be removed in the future\. Use '(?P<field>[^']+)'.*$",
     _("The standard no longer uses this key: use “%(field)s” instead.")),
    (r"^Lowercase country codes are DEPRECATED.*\('?(?P<value>[A-Z]{2})'?\)?.*$",
     _("Write the country code in capitals: %(value)s.")),
    (r"^Lowercase country codes are DEPRECATED.*Use '(?P<value>[A-Z]{2})' instead$",
     _("Write the country code in capitals: %(value)s.")),
    (r"^'(?P<value>[A-Z]{2})' key already present\. Remove this key$",
     _("The section “%(value)s” is already there: remove this one.")),
    (r"^Invalid UTF-8$", _("The file is not written in UTF-8.")),
    (r"^is a file:// URL\..*$", _("Give a relative path or an http(s) address, not file://.")),
    (r"^is an absolute path\..*$", _("Give a relative path or an http(s) address, not an "
                                     "absolute path.")),
    (r"^is not a valid code repository$", _("This is not the address of a code repository.")),
    (rf"^{_URL} not reachable: (?P<field>.+)$", _("“%(value)s” cannot be reached (%(field)s).")),
    (rf"^{_URL} is not a valid video URL supporting oEmbed.*$",
     _("“%(value)s” is not a video address of a known video service (oEmbed).")),
    (r"^(?:'(?P<value>.*)' is not an image: )?no such file: (?P<field>.+)$",
     _("The file %(field)s does not exist.")),
    (r"^'(?P<value>.*)' does not exist: no such file: (?P<field>.+)$",
     _("The file %(field)s does not exist.")),
    (r"^invalid file extension for: (?P<field>.+)$",
     _("%(field)s is not an image of a type the standard allows (SVG or PNG).")),
    (r"^image: unknown format$", _("The image cannot be read.")),
    (r"^HTTP GET failed for (?P<value>\S+): (?P<field>.+)$",
     _("“%(value)s” cannot be fetched (%(field)s).")),
]
_COMPILED = [(re.compile(pattern), text) for pattern, text in PATTERNS]


def translated(message: str) -> str:
    """The message in the active language; a message no pattern knows (a YAML syntax error,
    the model's own messages, already translated) is shown as it is."""
    for pattern, text in _COMPILED:
        found = pattern.match(message)
        if found:
            values = {"field": "", "value": ""}
            values.update({k: v for k, v in found.groupdict().items() if v is not None})
            return str(text) % values
    return message
