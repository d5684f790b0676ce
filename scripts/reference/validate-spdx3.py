"""Validates SPDX 3.0.1 JSON-LD documents with the SPDX project's Python bindings
(spdx-python-model, generated from the official SHACL model): every object and property must
be one the model defines, with values of the right type and vocabulary; every reference must
resolve to an element of the document; every required property must be present (checked by
serializing again). Exits 1 on the first invalid document."""

import io
import sys

from spdx_python_model import v3_0_1 as model

for path in sys.argv[1:]:
    objects = model.SHACLObjectSet()
    try:
        with open(path, encoding="utf-8") as document:
            model.JSONLDDeserializer().read(document, objects)
        missing = objects.link()
        if missing:
            raise ValueError(f"references to elements it does not define: {sorted(missing)[:5]}")
        model.JSONLDSerializer().write(objects, io.BytesIO())
    except (KeyError, TypeError, ValueError) as error:
        print(f"{path}: invalid SPDX 3.0.1: {error}", file=sys.stderr)
        sys.exit(1)
    print(f"{path}: valid SPDX 3.0.1 ({len(objects.objects)} objects)")
