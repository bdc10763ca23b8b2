"""YAML from outside: plain data only, read in time proportional to its length.

libyaml (the C parser behind `yaml.CSafeLoader`) reads the text where PyYAML was built with it,
and PyYAML's own parser where not. Either way the document is composed here, event by event, so
the guards hold for both and stop a hostile file before it costs anything:

- no anchors or aliases: a scenario never needs them, and an alias bomb ("billion laughs")
  would otherwise expand when the data is walked;
- at most MAX_NESTING levels (the composer recurses) and MAX_VALUES values (reading stops at
  the first value past it, so a 2 MB file of tiny values costs no more than a small one);
- a key is a single value (a list or mapping as a key cannot become a Python dict key) and
  appears once per mapping (YAML would keep the last of two, silently);
- an unquoted date stays the text it was (`2026-13-45` is then refused by the field that
  expects a date, by name, instead of by the YAML reader without one).

Every failure is a ScenarioError naming the line and column.
"""

from __future__ import annotations

import yaml
from yaml.composer import Composer
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.events import AliasEvent
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import Resolver
from yaml.scanner import Scanner

from scoring.model.codec import ScenarioError
from scoring.model.problems import MAX_VALUES, shown, too_many_values

MAX_NESTING = 50


class PythonParser(Reader, Scanner, Parser):
    """PyYAML's own parser: the same events as libyaml's, about six times slower."""

    def __init__(self, stream: str) -> None:
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)


try:  # libyaml, when PyYAML was built with it
    from yaml.cyaml import CParser as TextParser
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    TextParser = PythonParser


class _GuardedComposer(Composer):
    """PyYAML's composer with the guards; its events come from the parser (C or Python)."""

    def compose_document(self):
        self._depth = 0
        self._values = 0
        return super().compose_document()

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, AliasEvent):
            raise _problem("aliases (*name) are not allowed", event.start_mark)
        if getattr(event, "anchor", None):
            raise _problem("anchors (&name) are not allowed", event.start_mark)
        self._values += 1
        if self._values > MAX_VALUES:
            raise _problem(too_many_values(), event.start_mark)
        self._depth += 1
        if self._depth > MAX_NESTING:
            raise _problem(f"the YAML is nested deeper than {MAX_NESTING} levels", event.start_mark)
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


class _PlainDataConstructor(SafeConstructor):
    def construct_object(self, node, deep=False):
        try:
            return super().construct_object(node, deep=deep)
        except (ValueError, KeyError, TypeError):  # a tag its value does not fit: `!!float x`
            tag = str(node.tag).replace("tag:yaml.org,2002:", "!!")
            value = node.value if isinstance(node, yaml.ScalarNode) else "this"
            raise _problem(f"{shown(value)} cannot be read as {tag}", node) from None

    def construct_mapping(self, node, deep=False):
        if not isinstance(node, yaml.MappingNode):  # as SafeConstructor words it
            raise ConstructorError(problem="expected a mapping", problem_mark=node.start_mark)
        self.flatten_mapping(node)  # `<<:` merge keys, as SafeConstructor does
        mapping: dict = {}
        seen: set = set()
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=deep)
            try:
                hash(key)
            except TypeError:
                kind = "list" if isinstance(key_node, yaml.SequenceNode) else "mapping"
                raise _problem(
                    f"a key must be a single value such as a name, not a {kind}",
                    key_node.start_mark,
                ) from None
            if (type(key), key) in seen:  # typed: `1` and `true` are different keys
                raise _problem(f"the key {shown(key)} appears twice in the same mapping", key_node)
            seen.add((type(key), key))
            mapping[key] = self.construct_object(value_node, deep=deep)
        return mapping

    def construct_yaml_int(self, node):
        try:
            return super().construct_yaml_int(node)
        except ValueError as error:
            if "digits" not in str(error):
                raise  # `!!int x`: worded by construct_object
            raise _problem(  # Python refuses to convert thousands of digits
                "a number has thousands of digits; no field allows one that large",
                node.start_mark,
            ) from None

    def construct_yaml_timestamp(self, node):
        return self.construct_scalar(node)


_PlainDataConstructor.add_constructor(
    "tag:yaml.org,2002:int", _PlainDataConstructor.construct_yaml_int
)
_PlainDataConstructor.add_constructor(
    "tag:yaml.org,2002:timestamp", _PlainDataConstructor.construct_yaml_timestamp
)


def loader_for(parser: type) -> type:
    """A loader reading with `parser` (TextParser or PythonParser) under the guards."""

    # The composer comes first: libyaml's parser has a composer of its own, without guards.
    class Loader(_GuardedComposer, parser, _PlainDataConstructor, Resolver):
        def __init__(self, stream: str) -> None:
            parser.__init__(self, stream)  # type: ignore[misc]  # the parser class is chosen at run time
            Composer.__init__(self)
            _PlainDataConstructor.__init__(self)
            Resolver.__init__(self)

    return Loader


_Loader = loader_for(TextParser)


def parse_yaml(text: str, source: str = "") -> object:
    """The plain data (dicts, lists, text, numbers, booleans, None) of one YAML document."""
    loader = None
    try:
        loader = _Loader(text)  # the pure-Python reader checks the characters here
        return loader.get_single_data()
    except _Refused as error:  # valid YAML, but not what a scenario file may hold
        mark = error.problem_mark
        raise ScenarioError(
            [f"line {mark.line + 1}, column {mark.column + 1}: {error.problem}"], source
        ) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = error.problem or error.context or "cannot be read"
        if problem == "but found another document":
            problem = "the file holds more than one YAML document (a `---` line starts another)"
        elif "maximum nesting depth" in problem:  # libyaml's own limit, met while looking ahead
            problem = f"the YAML is nested deeper than {MAX_NESTING} levels"
        raise ScenarioError([f"not valid YAML{where}: {problem}"], source) from None
    except yaml.reader.ReaderError as error:
        raise ScenarioError([_reader_problem(text, error)], source) from None
    except yaml.YAMLError as error:
        raise ScenarioError([f"not valid YAML: {' '.join(str(error).split())}"], source) from None
    finally:
        if loader is not None:
            loader.dispose()


class _Refused(ConstructorError):
    """A guard's refusal, worded with the line and column where the refused part starts."""


def _problem(problem: str, mark: object) -> _Refused:
    if isinstance(mark, yaml.Node):
        mark = mark.start_mark
    return _Refused(problem=problem, problem_mark=mark)


def _reader_problem(text: str, error: yaml.reader.ReaderError) -> str:
    """A character YAML does not allow, on one line with its line (PyYAML's own text runs over
    two lines and counts characters)."""
    # libyaml reports the code point as `character` or, with the encoding "?", as a number.
    character = error.character
    position = min(max(error.position, 0), len(text))
    if not isinstance(character, int) and position < len(text):
        character = ord(text[position])
    line = text.count("\n", 0, position) + 1
    named = f"U+{character:04X}" if isinstance(character, int) else "a character"
    return f"not valid YAML at line {line}: the control character {named} is not allowed"
