"""Checks a Python program against a generated Pulumi SDK without importing either (no `pulumi` package here):
every call `<alias>.<Name>(...)` of the SDK module must name a class the SDK defines, and each keyword argument must
be a parameter of that class's `__init__` (any of its overloads). Used by tests/e2e/languages.spec.ts on
examples/python-onprem. Usage: python3 python-api-check.py <program.py> <sdk package dir> <module name>"""
import ast
import pathlib
import sys

program, package, module = sys.argv[1], pathlib.Path(sys.argv[2]), sys.argv[3]

params = {}  # class name -> parameter names of its __init__ overloads
for source in package.glob("*.py"):
    for node in ast.walk(ast.parse(source.read_text(), str(source))):
        if isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, ast.FunctionDef) and item.name == "__init__":
                    args = item.args
                    names = {a.arg for a in args.args + args.kwonlyargs}
                    params.setdefault(node.name, set()).update(names)

tree = ast.parse(pathlib.Path(program).read_text(), program)
aliases = {a.asname or a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names if a.name == module}
problems, checked = [], 0
for node in ast.walk(tree):
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and isinstance(node.func.value, ast.Name) \
            and node.func.value.id in aliases and node.func.attr[:1].isupper():
        name = node.func.attr
        checked += 1
        if name not in params:
            problems.append(f"line {node.lineno}: {module} has no class {name}")
            continue
        for keyword in node.keywords:
            if keyword.arg is not None and keyword.arg not in params[name]:
                problems.append(f"line {node.lineno}: {name}() has no parameter {keyword.arg}")
if not aliases:
    problems.append(f"{program} does not import {module}")
for problem in problems:
    print(problem)
print(f"{checked} calls checked")
sys.exit(1 if problems or checked == 0 else 0)
