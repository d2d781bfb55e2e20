// Umbrella header for the GitHub Actions expression library (sg_expr):
// lexer, parser/AST, checker, evaluator, `${{ }}` extraction and taint
// helpers. Include the specific header when only one part is needed.
#ifndef STEPGUARD_MODEL_EXPR_EXPR_H_
#define STEPGUARD_MODEL_EXPR_EXPR_H_

#include "model/expr/ast.h"         // IWYU pragma: export
#include "model/expr/check.h"       // IWYU pragma: export
#include "model/expr/diagnostic.h"  // IWYU pragma: export
#include "model/expr/embedded.h"    // IWYU pragma: export
#include "model/expr/eval.h"        // IWYU pragma: export
#include "model/expr/functions.h"   // IWYU pragma: export
#include "model/expr/lexer.h"       // IWYU pragma: export
#include "model/expr/number.h"      // IWYU pragma: export
#include "model/expr/parser.h"      // IWYU pragma: export
#include "model/expr/taint.h"       // IWYU pragma: export
#include "model/expr/value.h"       // IWYU pragma: export

#endif  // STEPGUARD_MODEL_EXPR_EXPR_H_
