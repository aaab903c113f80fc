# Reference for tests/test_meta.py::test_edge_cases_match_metafor: studies whose effects vary
# less than their sampling variances imply (tau^2 estimates truncated at 0), identical and
# near-identical effects, at the 95% and 90% levels.
# Run from the repository root: Rscript tests/data/r/metafor_edge_cases.R
library(metafor)
cases <- list(
  less_spread = list(yi = c(0.2, 0.25, 0.22), vi = c(0.04, 0.05, 0.06)),
  identical = list(yi = c(0.3, 0.3, 0.3, 0.3), vi = c(0.01, 0.02, 0.015, 0.03)),
  near_identical = list(yi = c(0.3, 0.3 + 1e-9, 0.3 - 1e-9, 0.3), vi = c(0.01, 0.02, 0.015, 0.03))
)
rows <- list()
for (case in names(cases)) {
  d <- cases[[case]]
  for (level in c(95, 90)) {
    for (method in c("REML", "DL", "PM", "FE")) {
      # the exact call: rma(yi, vi, method = method, level = level)
      fit <- rma(d$yi, d$vi, method = method, level = level)
      ci <- if (method == "FE") c(NA, NA) else confint(fit)$random["tau^2", c("ci.lb", "ci.ub")]
      rows[[length(rows) + 1]] <- data.frame(
        case = case, method = method, alpha = 1 - level / 100, yi = paste(format(d$yi, digits = 17), collapse = ";"),
        vi = paste(d$vi, collapse = ";"), estimate = as.numeric(fit$beta), se = fit$se, ci_low = fit$ci.lb,
        ci_high = fit$ci.ub, tau2 = fit$tau2, i2 = fit$I2, h2 = fit$H2, q = fit$QE,
        tau2_ci_low = ci[1], tau2_ci_high = ci[2])
    }
  }
}
out <- do.call(rbind, rows)
write.csv(out, "tests/data/metafor_edge_cases.csv", row.names = FALSE)
cat("metafor", as.character(packageVersion("metafor")), "\n")
