package architecture

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"
)

// A public package must not show an internal type in what it exports: a
// user could hold it but never name it.
func TestPublicAPINamesNoInternalType(t *testing.T) {
	pkgs := packages(t)
	for name, p := range pkgs {
		if isInternal(name) || name == "cmd/vmfleet" {
			continue
		}
		for _, file := range p.GoFiles {
			for _, bad := range internalInAPI(t, filepath.Join(p.Dir, file)) {
				t.Errorf("%s/%s: %s", name, file, bad)
			}
		}
	}
}

func isInternal(rel string) bool {
	return rel == "internal" || strings.HasPrefix(rel, "internal/") || strings.Contains(rel, "/internal/") || strings.HasSuffix(rel, "/internal")
}

// internalInAPI lists the exported declarations of a file whose types name
// a package of an internal import.
func internalInAPI(t *testing.T, file string) []string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), file, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	internal := map[string]string{} // local name -> import path
	for _, s := range f.Imports {
		path := strings.Trim(s.Path.Value, `"`)
		rel, ok := strings.CutPrefix(path, module+"/")
		if !ok || !isInternal(rel) {
			continue
		}
		local := filepath.Base(path)
		if s.Name != nil {
			local = s.Name.Name
		}
		internal[local] = path
	}
	if len(internal) == 0 {
		return nil
	}
	var bad []string
	check := func(what string, n ast.Node) {
		if n == nil {
			return
		}
		ast.Inspect(n, func(n ast.Node) bool {
			if sel, ok := n.(*ast.SelectorExpr); ok {
				if x, ok := sel.X.(*ast.Ident); ok && internal[x.Name] != "" {
					bad = append(bad, fmt.Sprintf("%s uses %s.%s (%s)", what, x.Name, sel.Sel.Name, internal[x.Name]))
				}
			}
			// Bodies and unexported parts are not API.
			switch n := n.(type) {
			case *ast.FuncLit, *ast.BlockStmt:
				return false
			case *ast.Field:
				if len(n.Names) > 0 && !anyExported(n.Names) {
					return false
				}
			}
			return true
		})
	}
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if !d.Name.IsExported() || (d.Recv != nil && !exportedRecv(d.Recv)) {
				continue
			}
			check("func "+d.Name.Name, d.Type)
		case *ast.GenDecl:
			for _, s := range d.Specs {
				switch s := s.(type) {
				case *ast.TypeSpec:
					if s.Name.IsExported() {
						check("type "+s.Name.Name, s.Type)
					}
				case *ast.ValueSpec:
					if anyExported(s.Names) {
						check(s.Names[0].Name, s.Type)
						for _, v := range s.Values {
							// An exported variable's type, as far as its
							// value says: a composite or a conversion.
							if c, ok := v.(*ast.CompositeLit); ok {
								check(s.Names[0].Name, c.Type)
							}
						}
					}
				}
			}
		}
	}
	return bad
}

func anyExported(names []*ast.Ident) bool {
	for _, n := range names {
		if n.IsExported() {
			return true
		}
	}
	return false
}

func exportedRecv(recv *ast.FieldList) bool {
	if len(recv.List) == 0 {
		return false
	}
	t := recv.List[0].Type
	if s, ok := t.(*ast.StarExpr); ok {
		t = s.X
	}
	if g, ok := t.(*ast.IndexExpr); ok {
		t = g.X
	}
	id, ok := t.(*ast.Ident)
	return ok && id.IsExported()
}
