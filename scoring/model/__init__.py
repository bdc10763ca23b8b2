"""What the user decides: the words of the domain, the scenario (validated once, here), how it
is written as data, and its JSON Schema. Imports only the catalog, whose ids it checks."""
