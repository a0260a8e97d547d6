/// The page's whole stylesheet, inlined: the system font stack (no web fonts), tabular figures in
/// tables, and chart text classes the SVG builders use (`grid`, `axis`, `tick`, `label`, `value`).
enum PageStyle {
    static let css = """
        :root{--ink:#1d2733;--muted:#5f6b76;--line:#e3e6ea;--paper:#fff;--ground:#f3f5f8;--accent:#4e79a7}
        *{box-sizing:border-box}
        body{margin:0;background:var(--ground);color:var(--ink);font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Liberation Sans",Arial,sans-serif}
        main{max-width:1200px;margin:0 auto;padding:28px 24px 40px}
        header h1{margin:0;font-size:28px;letter-spacing:-.01em}
        .subtitle{margin:4px 0 18px;color:var(--muted)}
        .cards{display:flex;gap:14px;margin:0 0 18px;flex-wrap:wrap}
        .cards div{background:var(--paper);border:1px solid var(--line);border-radius:10px;padding:12px 18px;min-width:180px}
        .cards dt{color:var(--muted);font-size:13px}
        .cards dd{margin:2px 0 0;font-size:24px;font-weight:600;font-variant-numeric:tabular-nums}
        nav{display:flex;gap:8px;flex-wrap:wrap}
        nav a{color:var(--accent);text-decoration:none;background:var(--paper);border:1px solid var(--line);border-radius:999px;padding:4px 12px;font-size:13px}
        section{background:var(--paper);border:1px solid var(--line);border-radius:12px;padding:20px 24px;margin-top:22px}
        section h2{margin:0 0 2px;font-size:20px}
        section h3{margin:18px 0 6px;font-size:15px}
        .explain,.note{color:var(--muted);font-size:13px;font-weight:normal}
        .explain{margin:0 0 10px}
        figure{margin:0}
        svg{display:block;width:100%;height:auto}
        .grid{stroke:var(--line);stroke-width:1}
        .axis{stroke:#8a939d;stroke-width:1}
        .tick{fill:var(--muted);font-size:11px}
        .label{fill:var(--ink);font-size:13px}
        .value{fill:var(--ink);font-size:12px;font-weight:600}
        .axis-title{fill:var(--muted);font-size:12px}
        rect:hover,circle:hover{opacity:.75}
        circle{fill-opacity:.8;stroke:#fff;stroke-width:.6}
        .legend{list-style:none;display:flex;flex-wrap:wrap;gap:4px 16px;padding:0;margin:10px 0 4px;font-size:13px}
        .swatch{display:inline-block;width:11px;height:11px;border-radius:2px;margin-right:6px;vertical-align:-1px}
        .multiples{display:grid;grid-template-columns:repeat(4,1fr);gap:10px 16px}
        .multiple figcaption{font-size:13px;display:flex;justify-content:space-between}
        .multiple figcaption span{color:var(--muted);font-variant-numeric:tabular-nums}
        details.rows{margin-top:14px}
        details.rows summary{cursor:pointer;color:var(--accent);font-size:13px}
        .table-wrap{max-height:520px;overflow:auto;margin-top:8px;border:1px solid var(--line);border-radius:8px}
        .report-table{border-collapse:collapse;width:100%;font-size:13px}
        .report-table th{position:sticky;top:0;background:#eef1f5;text-align:left;padding:6px 10px;font-weight:600}
        .report-table td{padding:4px 10px;border-top:1px solid var(--line)}
        .report-table tbody tr:nth-child(even){background:#fafbfc}
        .num{text-align:right;font-variant-numeric:tabular-nums}
        .report-table th.num{text-align:right}
        .empty{color:var(--muted)}
        footer{margin-top:24px;color:var(--muted);font-size:12px}
        @media (max-width:800px){.multiples{grid-template-columns:repeat(2,1fr)}}
        """
}
