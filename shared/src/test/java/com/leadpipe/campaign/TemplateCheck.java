package com.leadpipe.campaign;

import com.leadpipe.template.MailParts;
import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks a mail's compiled templates, the very {@link Template} objects the functions render
 * (jmustache's own parse, walked with its visitor): no partials or template inheritance (nothing
 * to load them from), only values the mail has (a typo would render as nothing), and, for the
 * confirmation, the link outside any section so that it is always there.
 */
final class TemplateCheck {

    /** What jmustache offers inside a section: the item and list positions. */
    private static final Set<String> SECTION_NAMES = Set.of(".", "this", "-first", "-last", "-index");
    private static final String[] PARTS = {"subject", "text", "html"};
    /** The call-to-action section the mail layout turns into a button; shows its content always. */
    static final String BUTTON = "button";

    private TemplateCheck() {
    }

    /**
     * @param path     the mail's path, e.g. {@code sequence.steps[2]}
     * @param known    the values the mail is rendered with
     * @param required values each body must show outside any section (not in the subject)
     */
    static void check(String path, MailParts mail, Set<String> known, Set<String> required, Problems problems) {
        for (String part : PARTS) {
            Names names = new Names(true);
            mail.template(part).visit(names);
            for (String include : names.includes) {
                problems.add(path + "." + part, "uses {{> " + include + "}}: partials and template inheritance are not "
                        + "supported; write the text out");
            }
            for (String name : names.all) {
                String head = name.contains(".") && !name.equals(".") ? name.substring(0, name.indexOf('.')) : name;
                if (!known.contains(head) && !SECTION_NAMES.contains(head)) {
                    problems.add(path + "." + part, "{{" + name + "}} is not a value of this mail (known: "
                            + String.join(", ", new TreeSet<>(known)) + ")");
                }
            }
            if (!part.equals("subject")) {
                Names top = new Names(false);
                mail.template(part).visit(top);
                for (String name : required) {
                    if (!top.variables.contains(name)) {
                        problems.add(path + "." + part, "must contain {{" + name + "}} outside any section"
                                + (name.equals("confirmUrl") ? ", the link that confirms the subscription" : ""));
                    }
                }
            }
        }
    }

    /** Names a template uses; with {@code descend} false, only those outside sections. */
    private static final class Names implements Mustache.Visitor {
        final boolean descend;
        final Set<String> all = new LinkedHashSet<>();
        final Set<String> variables = new LinkedHashSet<>();
        final List<String> includes = new ArrayList<>();

        Names(boolean descend) {
            this.descend = descend;
        }

        @Override
        public void visitText(String text) {
        }

        @Override
        public void visitVariable(String name) {
            all.add(name);
            variables.add(name);
        }

        @Override
        public boolean visitInclude(String name) {
            includes.add(name);
            return false;
        }

        @Override
        public boolean visitParent(String name) {
            includes.add(name);
            return false;
        }

        @Override
        public boolean visitSection(String name) {
            all.add(name);
            return descend || BUTTON.equals(name);
        }

        @Override
        public boolean visitInvertedSection(String name) {
            all.add(name);
            return descend;
        }
    }
}
