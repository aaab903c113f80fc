# Reference for tests/test_meta.py: metafor's BCG vaccine example (Viechtbauer 2010).
# Run from the repository root: Rscript tests/data/r/metafor_bcg.R
library(metafor)
dat <- escalc(measure = "RR", ai = tpos, bi = tneg, ci = cpos, di = cneg, data = dat.bcg)
write.csv(data.frame(trial = dat$trial, author = dat$author, year = dat$year, tpos = dat$tpos,
                     tneg = dat$tneg, cpos = dat$cpos, cneg = dat$cneg, ablat = dat$ablat,
                     yi = as.numeric(dat$yi), vi = as.numeric(dat$vi)),
          "tests/data/bcg.csv", row.names = FALSE)
rows <- list()
for (method in c("REML", "DL", "PM", "FE")) {
  fit <- rma(yi, vi, data = dat, method = method)
  ci <- if (method == "FE") c(NA, NA) else confint(fit)$random["tau^2", c("ci.lb", "ci.ub")]
  rows[[method]] <- data.frame(method = method, estimate = as.numeric(fit$beta), se = fit$se,
                               ci_low = fit$ci.lb, ci_high = fit$ci.ub, tau2 = fit$tau2, i2 = fit$I2,
                               q = fit$QE, tau2_ci_low = ci[1], tau2_ci_high = ci[2])
}
write.csv(do.call(rbind, rows), "tests/data/bcg_rma.csv", row.names = FALSE)
reg <- rma(yi, vi, mods = ~ ablat, data = dat, method = "REML")
write.csv(data.frame(term = c("intercept", "ablat"), estimate = as.numeric(reg$beta), se = reg$se,
                     tau2 = reg$tau2, r2 = reg$R2, qm = reg$QM),
          "tests/data/bcg_metareg.csv", row.names = FALSE)
eg <- regtest(rma(yi, vi, data = dat, method = "REML"), model = "lm")
write.csv(data.frame(z = eg$zval, p = eg$pval), "tests/data/bcg_egger.csv", row.names = FALSE)
l1o <- leave1out(rma(yi, vi, data = dat, method = "REML"))
write.csv(data.frame(estimate = l1o$estimate, se = l1o$se, tau2 = l1o$tau2, i2 = l1o$I2),
          "tests/data/bcg_leave1out.csv", row.names = FALSE)
