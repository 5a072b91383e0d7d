# `mutmut results --all true` lines ("    newscrawl.extract.css.x_first__mutmut_3: killed") → kill rate
# per module and overall. A mutant's module is its name up to the mangled function ("x_…", "xǁ…"), the
# last dotted part: a module may start with "x" too (newscrawl.portals.xinhua).
{
    name = $1; sub(/:$/, "", name)
    status = $2 (NF > 2 ? " " $3 : "")
    module = name; sub(/\.[^.]*$/, "", module)
    total[module]++; all++
    if (status == "killed") { killed[module]++; all_killed++ }
}
END {
    for (module in total) {
        printf "%-34s %4d / %4d killed  %5.1f%%\n", module, killed[module], total[module], 100 * killed[module] / total[module] | "sort"
    }
    close("sort")
    printf "%-34s %4d / %4d killed  %5.1f%%\n", "total", all_killed, all, 100 * all_killed / all
}
