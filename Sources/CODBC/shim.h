#ifndef STARSINK_CODBC_SHIM_H
#define STARSINK_CODBC_SHIM_H
#include <sql.h>
#include <sqlext.h>

/// SQL_SUCCEEDED is a macro; Swift cannot see it.
static inline int starsink_sql_succeeded(SQLRETURN rc) { return SQL_SUCCEEDED(rc); }
#endif
