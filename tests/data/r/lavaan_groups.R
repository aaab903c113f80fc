# Reference for tests/test_sem_groups.py: lavaan 0.6 on groups (measurement invariance), MLR and
# FIML, on two data sets:
#   hs:   lavaan's HolzingerSwineford1939 (x1-x9), grouped by school (Pasteur, Grant-White);
#         the three-factor model of tests/data/lavaan_holzinger.model
#   ecsi: the bundled datasets/ecsi_satisfaction.csv (plspm's satisfaction), grouped by gender;
#         image, satisfaction and loyalty with IMAG -> SAT -> LOY and IMAG -> LOY
# FIML: the same data with cells removed at random (seed 16, 8% of the item cells, never a
# whole row), stored as tests/data/lavaan_{hs,ecsi}_missing.csv.
# The R calls (lavaan defaults otherwise):
#   sem(model, data, group = "school"|"gender", group.equal = <level>, estimator = "ML"|"MLR")
#   with <level>: configural = none, metric = "loadings", scalar = c("loadings", "intercepts"),
#   strict = c("loadings", "intercepts", "residuals");
#   sem(model, data, missing = "ml") and sem(model, data, group = ..., missing = "ml");
#   sem(model, data, estimator = "MLR") (one group);
#   ecsi_x: ECSI with observed covariates (imag1, expe1; lavaan's fixed.x): sem(model, ecsi),
#   sem(model, ecsi, group = "gender"), sem(model, ecsi, estimator = "MLR");
#   sem(model, hs_weighted, sampling.weights = "w") (hs with survey weights w ~ U(0.5, 2), seed 3,
#   stored as tests/data/lavaan_hs_weighted.csv; lavaan then uses sandwich SEs and the
#   Yuan-Bentler test);
#   lavTestLRT(previous level, this level) (ML: chi-square difference; MLR: Satorra-Bentler 2001);
#   fitMeasures(fit), parameterEstimates(fit, standardized = TRUE).
# Run from the repository root: Rscript tests/data/r/lavaan_groups.R
library(lavaan)
out_fit <- list(); out_est <- list(); out_lrt <- list()
measures <- c("chisq", "df", "pvalue", "cfi", "tli", "rmsea", "rmsea.ci.lower", "rmsea.ci.upper",
              "srmr", "aic", "bic", "baseline.chisq", "baseline.df", "chisq.scaled", "chisq.scaling.factor",
              "cfi.robust", "tli.robust", "rmsea.robust")
record <- function(fit, data_name, case) {
  fm <- fitMeasures(fit)
  fm <- fm[intersect(measures, names(fm))]
  out_fit[[length(out_fit) + 1]] <<- data.frame(data = data_name, case = case, measure = names(fm),
                                                 value = as.numeric(fm))
  pe <- parameterEstimates(fit, standardized = TRUE)
  labels <- lavInspect(fit, "group.label")
  pe$group <- if (length(labels) > 0) labels[pe$group] else ""
  out_est[[length(out_est) + 1]] <<- data.frame(data = data_name, case = case,
                                                 pe[, c("lhs", "op", "rhs", "group", "est", "se", "std.all")])
}
levels <- list(configural = "", metric = "loadings", scalar = c("loadings", "intercepts"),
               strict = c("loadings", "intercepts", "residuals"))
hs <- HolzingerSwineford1939[, c("school", paste0("x", 1:9))]
hs$school <- as.character(hs$school)
write.csv(hs, "tests/data/lavaan_hs_school.csv", row.names = FALSE)
ecsi <- read.csv("datasets/ecsi_satisfaction.csv")[, -1]
sets <- list(
  hs = list(data = hs, group = "school",
            model = paste(readLines("tests/data/lavaan_holzinger.model"), collapse = "\n")),
  ecsi = list(data = ecsi, group = "gender", model = "
    IMAG =~ imag1 + imag2 + imag3 + imag4
    SAT  =~ sat1 + sat2 + sat3
    LOY  =~ loy1 + loy2 + loy3
    SAT ~ IMAG
    LOY ~ SAT + IMAG"))
set.seed(16)
for (name in names(sets)) {
  s <- sets[[name]]
  writeLines(s$model, sprintf("tests/data/lavaan_%s.model", name))
  for (estimator in c("ML", "MLR")) {
    previous <- NULL
    for (level in names(levels)) {
      fit <- sem(s$model, s$data, group = s$group, group.equal = levels[[level]], estimator = estimator)
      record(fit, name, paste(estimator, level))
      if (!is.null(previous)) {
        lrt <- lavTestLRT(previous, fit)
        out_lrt[[length(out_lrt) + 1]] <- data.frame(data = name, estimator = estimator, level = level,
          chisq_diff = lrt[2, "Chisq diff"], df_diff = lrt[2, "Df diff"], p = lrt[2, "Pr(>Chisq)"])
      }
      previous <- fit
    }
    record(sem(s$model, s$data, estimator = estimator), name, paste(estimator, "single"))
  }
  # FIML: 8% of the item cells missing at random, never a whole row
  items <- setdiff(names(s$data), s$group)
  holed <- s$data
  mask <- matrix(runif(nrow(holed) * length(items)) < 0.08, nrow(holed))
  mask[rowSums(mask) == length(items), 1] <- FALSE
  for (k in seq_along(items)) holed[mask[, k], items[k]] <- NA
  write.csv(holed, sprintf("tests/data/lavaan_%s_missing.csv", name), row.names = FALSE)
  record(sem(s$model, holed, missing = "ml"), name, "FIML single")
  record(sem(s$model, holed, group = s$group, missing = "ml"), name, "FIML configural")
  record(sem(s$model, holed, group = s$group, missing = "ml", group.equal = levels$scalar), name, "FIML scalar")
}
covariates <- "
    SAT =~ sat1 + sat2 + sat3
    LOY =~ loy1 + loy2 + loy3
    SAT ~ imag1 + expe1
    LOY ~ SAT + imag1"
writeLines(covariates, "tests/data/lavaan_ecsi_x.model")
record(sem(covariates, ecsi), "ecsi_x", "ML single")
record(sem(covariates, ecsi, group = "gender"), "ecsi_x", "ML configural")
record(sem(covariates, ecsi, estimator = "MLR"), "ecsi_x", "MLR single")
set.seed(3)
hs_weighted <- hs
hs_weighted$w <- round(runif(nrow(hs), 0.5, 2), 3)
write.csv(hs_weighted, "tests/data/lavaan_hs_weighted.csv", row.names = FALSE)
record(sem(sets$hs$model, hs_weighted, sampling.weights = "w"), "hs", "weighted single")
write.csv(do.call(rbind, out_fit), "tests/data/lavaan_groups_fit.csv", row.names = FALSE)
write.csv(do.call(rbind, out_est), "tests/data/lavaan_groups_estimates.csv", row.names = FALSE)
write.csv(do.call(rbind, out_lrt), "tests/data/lavaan_groups_lrt.csv", row.names = FALSE)
writeLines(c(paste("lavaan", packageVersion("lavaan")), R.version.string),
           "tests/data/lavaan_groups_versions.txt")
