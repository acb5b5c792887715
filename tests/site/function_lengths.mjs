// Every function in the theme's JavaScript with its length in lines, read with a real parser (acorn):
// prints JSON [{file, name, line, lines}] for test_widget_sources.py.
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { parse } from "acorn";
import { ancestor } from "acorn-walk";

const root = process.argv[2];
const files = (dir) => readdirSync(dir).flatMap((name) => {
  const path = join(dir, name);
  return statSync(path).isDirectory() ? files(path) : name.endsWith(".js") ? [path] : [];
});

// A function's name: its own, or the variable, property or method it is assigned to.
function nameOf(node, parents) {
  if (node.id) return node.id.name;
  const parent = parents[parents.length - 2];
  if (parent?.type === "VariableDeclarator") return parent.id.name;
  if (parent?.type === "Property" || parent?.type === "MethodDefinition") return parent.key.name ?? parent.key.value;
  if (parent?.type === "AssignmentExpression") return parent.left.property?.name ?? parent.left.name;
  return "(anonymous)";
}

const found = [];
for (const path of files(root)) {
  const source = readFileSync(path, "utf8");
  const tree = parse(source, { ecmaVersion: "latest", sourceType: "module", locations: true });
  const visit = (node, parents) => found.push({
    file: relative(root, path), name: nameOf(node, parents), line: node.loc.start.line,
    lines: node.loc.end.line - node.loc.start.line + 1,
  });
  ancestor(tree, { FunctionDeclaration: visit, FunctionExpression: visit, ArrowFunctionExpression: visit });
}
process.stdout.write(JSON.stringify(found));
