"""The data contract: SHACL shapes, checked as SPARQL on the store or by pySHACL."""

from kg.validate.compile import Check, compile_shapes
from kg.validate.run import validate_store, validate_with_pyshacl

__all__ = ["Check", "compile_shapes", "validate_store", "validate_with_pyshacl"]
