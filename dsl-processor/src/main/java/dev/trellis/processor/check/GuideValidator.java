package dev.trellis.processor.check;

import dev.trellis.processor.ir.ModelDeclaration;
import dev.trellis.processor.ir.SiteDeclaration;
import dev.trellis.processor.ir.Support;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Checks a {@code @Guide} against its model: the guide samples exactly the model's latent, non-enumerated sites, each
 * in the model's plates (a chain site step by step along the model's Markov plate) and with a distribution on the
 * model's support. The guide's own structure (names, parameters,
 * dependencies) is checked by {@link ModelValidator}, as any program's.
 */
public final class GuideValidator {

    private GuideValidator() {}

    /** All the mismatches between {@code guide} and {@code model}; empty when the guide fits. */
    public static List<Diagnostic> validate(ModelDeclaration guide, ModelDeclaration model) {
        List<Diagnostic> findings = new ArrayList<>();
        // Reported on the guide's own method, not the class: that method is the mistake, whatever else is unsupported.
        for (SiteDeclaration site : guide.sites()) {
            if (model.site(site.name()).filter(SiteDeclaration::enumerated).isPresent()) {
                findings.add(Messages.guideSamplesEnumerated(site.source(), site.name(), model.className()));
            }
        }
        if (model.usesEnumeration()) {
            findings.add(Messages.notYetSupported(guide.source(), "a guide for model " + model.className()
                    + ", which has @Enumerate sites; guides for enumerated models arrive with "
                    + "TraceEnum_ELBO"));
            return findings;
        }
        for (SiteDeclaration site : guide.sites()) {
            checkStructure(site, model, findings);
            Optional<SiteDeclaration> counterpart = model.site(site.name());
            if (counterpart.isEmpty()) {
                findings.add(Messages.guideExtraSite(site.source(), site.name(), model.className(),
                        "is not a site"));
                continue;
            }
            SiteDeclaration modelled = counterpart.get();
            if (modelled.enumerated()) {
                continue;
            }
            if (modelled.observed()) {
                findings.add(Messages.guideExtraSite(site.source(), site.name(), model.className(), "is observed"));
                continue;
            }
            if (!site.plates().equals(modelled.plates())) {
                findings.add(Messages.guidePlatesMismatch(site.source(), site.name(), site.plates().toString(),
                        modelled.plates().toString()));
            }
            Support proposed = site.distribution().support();
            Support needed = modelled.distribution().support();
            if (proposed != Support.UNKNOWN && needed != Support.UNKNOWN && proposed != needed) {
                findings.add(Messages.guideSupportMismatch(site.source(), site.name(),
                        site.distribution().simpleName(), proposed.description(),
                        modelled.distribution().simpleName(), needed.description()));
            }
        }
        for (SiteDeclaration site : model.sites()) {
            if (site.isLatent() && guide.site(site.name()).isEmpty()) {
                findings.add(Messages.guideMissesSite(guide.source(), guide.className(), site.name(),
                        model.className()));
            }
        }
        return findings;
    }

    /**
     * A guide site is a latent draw: not observed, not enumerated, scaled by its model's factor rather than one of its
     * own, and a chain only along a Markov plate of the model (its steps are the model's steps: z_1, z_2, ...).
     */
    private static void checkStructure(SiteDeclaration site, ModelDeclaration model, List<Diagnostic> findings) {
        if (site.observed()) {
            findings.add(Messages.guideSiteStructure(site.source(), site.name(), "Observed"));
        }
        if (site.enumerated()) {
            findings.add(Messages.guideSiteStructure(site.source(), site.name(), "Enumerate"));
        }
        site.chain().ifPresent(chain -> {
            if (!model.markovPlates().containsKey(chain.over())) {
                findings.add(Messages.guideChainMismatch(chain.source(), site.name(), chain.over(),
                        model.className()));
            }
        });
        site.scale().ifPresent(scale -> findings.add(Messages.scaleInGuide(scale.source(), site.name(),
                model.className())));
    }
}
