"""Validates CycloneDX 1.6 XML documents against the official XML schema (bom-1.6.xsd with the
SPDX licence schema it imports), as bundled by cyclonedx-python-lib. Exits 1 on the first
invalid document, naming it and its first errors."""

import sys

from cyclonedx.schema import OutputFormat, SchemaVersion
from cyclonedx.validation import make_schemabased_validator

validator = make_schemabased_validator(OutputFormat.XML, SchemaVersion.V1_6)
for path in sys.argv[1:]:
    with open(path, encoding="utf-8") as document:
        errors = validator.validate_str(document.read(), all_errors=True)
    if errors:
        for error in list(errors)[:10]:
            print(f"{path}: {error}", file=sys.stderr)
        sys.exit(1)
    print(f"{path}: valid CycloneDX 1.6 XML")
