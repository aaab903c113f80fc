# Reference for tests/test_sem_wlsmv.py: lavaan 0.6 with ordered items (WLSMV) and MLR with FIML.
# Data sets:
#   hs4:  lavaan's HolzingerSwineford1939 x1-x9 cut at their quartiles into 4 ordered categories
#         (stored as tests/data/lavaan_hs4_ordinal.csv with the school column);
#         the three-factor model of tests/data/lavaan_holzinger.model
#   ecsi6: the bundled datasets/ecsi_satisfaction.csv, image, satisfaction and loyalty items
#         (0-10 answers) merged into 6 ordered categories, 0-5 | 6 | 7 | 8 | 9 | 10 (the 0-10 items
#         have empty categories below 5: lavaan would merge them silently, fit_sem refuses them),
#         stored as tests/data/lavaan_ecsi6_ordinal.csv with gender; the model of
#         tests/data/lavaan_ecsi.model (IMAG -> SAT -> LOY, IMAG -> LOY)
# The R calls (lavaan defaults otherwise: delta parameterization, DWLS with robust SEs and the
# scaled-and-shifted test):
#   sem(model, data, ordered = <all items>, estimator = "WLSMV")
#   sem(model, data, ordered = <all items>, estimator = "WLSMV", group = "school"|"gender")  (configural)
#   MLR with FIML on the stored FIML data of lavaan_groups.R (tests/data/lavaan_{hs,ecsi}_missing.csv):
#   sem(model, holed, estimator = "MLR", missing = "ml"), and with group = "school"|"gender" (configural)
#   and group.equal = c("loadings", "intercepts") (scalar)
#   fitMeasures(fit), parameterEstimates(fit, standardized = TRUE), fit@test (shift parameter)
# Run from the repository root: Rscript tests/data/r/lavaan_wlsmv.R
library(lavaan)
out_fit <- list(); out_est <- list()
measures <- c("chisq", "df", "pvalue", "chisq.scaled", "df.scaled", "pvalue.scaled", "chisq.scaling.factor",
              "baseline.chisq", "baseline.df", "baseline.chisq.scaled", "baseline.chisq.scaling.factor",
              "cfi", "tli", "cfi.scaled", "tli.scaled", "rmsea", "rmsea.scaled", "srmr", "aic",
              "cfi.robust", "tli.robust", "rmsea.robust")
record <- function(fit, data_name, case) {
  fm <- fitMeasures(fit)
  fm <- fm[intersect(measures, names(fm))]
  test <- fit@test[[length(fit@test)]]
  extra <- c(shift.parameter = if (is.null(test$shift.parameter)) NA else sum(test$shift.parameter))
  fm <- c(fm, extra)
  out_fit[[length(out_fit) + 1]] <<- data.frame(data = data_name, case = case, measure = names(fm),
                                                 value = as.numeric(fm))
  pe <- parameterEstimates(fit, standardized = TRUE)
  labels <- lavInspect(fit, "group.label")
  pe$group <- if (length(labels) > 0) labels[pe$group] else ""
  out_est[[length(out_est) + 1]] <<- data.frame(data = data_name, case = case,
                                                 pe[, c("lhs", "op", "rhs", "group", "est", "se", "std.all")])
}
hs <- HolzingerSwineford1939[, c("school", paste0("x", 1:9))]
hs$school <- as.character(hs$school)
for (v in paste0("x", 1:9)) hs[[v]] <- cut(hs[[v]], quantile(hs[[v]], 0:4 / 4), include.lowest = TRUE, labels = FALSE)
write.csv(hs, "tests/data/lavaan_hs4_ordinal.csv", row.names = FALSE)
ecsi <- read.csv("datasets/ecsi_satisfaction.csv")[, -1]
items <- c(paste0("imag", 1:4), paste0("sat", 1:3), paste0("loy", 1:3))
ecsi <- ecsi[, c(items, "gender")]
for (v in items) ecsi[[v]] <- cut(ecsi[[v]], c(-Inf, 5, 6, 7, 8, 9, Inf), labels = FALSE)
write.csv(ecsi, "tests/data/lavaan_ecsi6_ordinal.csv", row.names = FALSE)
sets <- list(hs4 = list(data = hs, group = "school", model = "hs", items = paste0("x", 1:9)),
             ecsi6 = list(data = ecsi, group = "gender", model = "ecsi", items = items))
for (name in names(sets)) {
  s <- sets[[name]]
  model <- paste(readLines(sprintf("tests/data/lavaan_%s.model", s$model)), collapse = "\n")
  record(sem(model, s$data, ordered = s$items, estimator = "WLSMV"), name, "WLSMV single")
  record(sem(model, s$data, ordered = s$items, estimator = "WLSMV", group = s$group), name, "WLSMV configural")
}
for (name in c("hs", "ecsi")) {
  model <- paste(readLines(sprintf("tests/data/lavaan_%s.model", name)), collapse = "\n")
  holed <- read.csv(sprintf("tests/data/lavaan_%s_missing.csv", name))
  group <- if (name == "hs") "school" else "gender"
  record(sem(model, holed, estimator = "MLR", missing = "ml"), name, "MLR-FIML single")
  record(sem(model, holed, estimator = "MLR", missing = "ml", group = group), name, "MLR-FIML configural")
  record(sem(model, holed, estimator = "MLR", missing = "ml", group = group,
             group.equal = c("loadings", "intercepts")), name, "MLR-FIML scalar")
}
write.csv(do.call(rbind, out_fit), "tests/data/lavaan_wlsmv_fit.csv", row.names = FALSE)
write.csv(do.call(rbind, out_est), "tests/data/lavaan_wlsmv_estimates.csv", row.names = FALSE)
writeLines(c(paste("lavaan", packageVersion("lavaan")), R.version.string), "tests/data/lavaan_wlsmv_versions.txt")
