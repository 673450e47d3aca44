//! Short explanations of the terms a citizen or a councillor may not know, in Italian and
//! English: shown in "?" popovers beside the figures, on the Glossary page and in the printed
//! report. Pure data.

/// One term.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Term {
    /// Stable key (used by the popovers and the tests).
    pub key: &'static str,
    /// The term in Italian.
    pub it: &'static str,
    /// The term in English.
    pub en: &'static str,
    /// Explanation in Italian.
    pub text_it: &'static str,
    /// Explanation in English.
    pub text_en: &'static str,
    /// A public page that says more (opened only when the user follows the link).
    pub link: Option<&'static str>,
}

/// The GSE's interactive map of the cabine primarie.
pub const GSE_CP_MAP: &str =
    "https://www.gse.it/servizi-per-te/autoconsumo/mappa-interattiva-delle-cabine-primarie";

/// Every term, in the order of the glossary.
pub const TERMS: &[Term] = &[
    Term {
        key: "cer",
        it: "Comunità energetica rinnovabile e solidale (CERS)",
        en: "Renewable and solidarity energy community (CERS)",
        text_it: "Un soggetto senza scopo di lucro di cittadini, imprese, enti pubblici e del terzo settore che condividono l'energia di impianti rinnovabili. In CER.ca.MI Solidale gli incentivi non vanno ai membri: finanziano progetti sociali e la lotta alla povertà energetica.",
        text_en: "A non-profit body of citizens, businesses, public and third-sector bodies that share the energy of renewable plants. In CER.ca.MI Solidale the incentives do not go to the members: they fund social projects and the fight against energy poverty.",
        link: None,
    },
    Term {
        key: "cabina_primaria",
        it: "Cabina primaria (CP) e codice CP",
        en: "Primary substation (CP) and CP code",
        text_it: "La sottostazione della rete elettrica (alta/media tensione) che serve un'area. Solo membri e impianti sotto la stessa cabina primaria condividono energia per l'incentivo. Il codice (AC + 9 caratteri) si trova sulla mappa interattiva del GSE.",
        text_en: "The grid substation (high/medium voltage) that serves an area. Only members and plants under the same primary substation share energy for the incentive. The code (AC + 9 characters) is on the GSE's interactive map.",
        link: Some(GSE_CP_MAP),
    },
    Term {
        key: "energia_condivisa",
        it: "Energia condivisa",
        en: "Shared energy",
        text_it: "In ogni ora, il minimo fra l'energia che gli impianti della comunità immettono in rete e quella che i membri prelevano, sotto la stessa cabina primaria. Nessun cavo nuovo: è un conto orario fatto dal GSE, ed è la base di ogni incentivo.",
        text_en: "In each hour, the smaller of the energy the community's plants feed into the grid and the energy the members draw, under the same primary substation. No new cable: it is an hourly account kept by the GSE, and the basis of every incentive.",
        link: None,
    },
    Term {
        key: "quota_condivisa",
        it: "Quota condivisa (condivisa / immessa)",
        en: "Shared share (shared / injected)",
        text_it: "La parte dell'energia immessa dagli impianti che i membri consumano nella stessa ora. Il resto è venduto al mercato.",
        text_en: "The part of the plants' injected energy that the members use in the same hour. The rest is sold on the market.",
        link: None,
    },
    Term {
        key: "autosufficienza",
        it: "Autosufficienza",
        en: "Self-sufficiency",
        text_it: "(Autoconsumo + energia condivisa) / consumo dei membri: quanta parte dell'elettricità dei membri viene dai tetti della comunità.",
        text_en: "(Self-consumption + shared energy) / members' consumption: how much of the members' electricity comes from the community's roofs.",
        link: None,
    },
    Term {
        key: "tariffa_premio",
        it: "Tariffa premio (TIP)",
        en: "Premium tariff (TIP)",
        text_it: "L'incentivo che il GSE paga per 20 anni su ogni kWh di energia condivisa. Dipende dalla potenza dell'impianto (fino a 200, 600 o 1.000 kW) e dal prezzo zonale dell'energia; un contributo in conto capitale la riduce (DM MASE 414/2023, Allegato 1).",
        text_en: "The incentive the GSE pays for 20 years on each kWh of shared energy. It depends on the plant's size (up to 200, 600 or 1,000 kW) and on the zonal energy price; a capital grant reduces it (DM MASE 414/2023, Annex 1).",
        link: None,
    },
    Term {
        key: "valorizzazione",
        it: "Valorizzazione ARERA",
        en: "ARERA valorisation",
        text_it: "Un rimborso sull'energia condivisa per i costi di rete che non si usano: per una comunità energetica è la sola componente di trasmissione TRAS_E (10,57 €/MWh nel 2024; ARERA la aggiorna ogni anno, TIAD).",
        text_en: "A refund on shared energy for the grid costs it does not use: for an energy community only the transmission component TRAS_E (10.57 €/MWh in 2024; ARERA updates it every year, TIAD).",
        link: None,
    },
    Term {
        key: "regola_55",
        it: "Regola del 55 %",
        en: "The 55 % rule",
        text_it: "Se l'energia condivisa supera il 55 % di quella immessa (45 % per gli impianti con contributo in conto capitale), la tariffa sulla parte oltre la soglia deve andare ai consumatori che non sono imprese o a finalità sociali (DM MASE 414/2023).",
        text_en: "If shared energy exceeds 55 % of the injected energy (45 % for plants with a capital grant), the tariff on the part above the threshold must go to consumers that are not businesses or to social purposes (DM MASE 414/2023).",
        link: None,
    },
    Term {
        key: "fondo_solidale",
        it: "Fondo solidale netto",
        en: "Net solidarity fund",
        text_it: "Tariffa premio + valorizzazione che la comunità riceve, meno i suoi costi di gestione. Lo statuto decide come si divide: in CER.ca.MI Solidale tutto va a progetti sociali e al sostegno delle famiglie in povertà energetica.",
        text_en: "Premium tariff + valorisation received by the community, minus its running costs. The statute decides how it is split: in CER.ca.MI Solidale all of it goes to social projects and to supporting energy-poor families.",
        link: None,
    },
    Term {
        key: "poverta_energetica",
        it: "Povertà energetica",
        en: "Energy poverty",
        text_it: "Il piano del Comune di Milano considera in povertà energetica una famiglia che spende per l'energia (luce e gas) più del 10 % del suo reddito.",
        text_en: "The Comune di Milano's plan counts a household as energy-poor when its energy spend (electricity and gas) is more than 10 % of its income.",
        link: None,
    },
    Term {
        key: "famiglie_sostenibili",
        it: "Famiglie sostenibili",
        en: "Households the fund can support",
        text_it: "Quante famiglie la parte del fondo per la povertà energetica potrebbe aiutare con l'importo indicato per famiglia (Ipotesi). È una stima: prima i membri in povertà energetica, poi altre famiglie del quartiere.",
        text_en: "How many households the fund's energy-poverty share could help with the amount per household set in Assumptions. An estimate: energy-poor members first, then other households in the area.",
        link: None,
    },
    Term {
        key: "stima",
        it: "Stima e numeri illustrativi",
        en: "Estimates and illustrative numbers",
        text_it: "Le cifre vengono da un anno tipo (meteo PVGIS, profili ARERA e BDEW) e da ipotesi modificabili; i numeri dei membri e dei tetti degli scenari di esempio sono illustrativi. Non sono una previsione né un impegno del GSE.",
        text_en: "The figures come from a typical year (PVGIS weather, ARERA and BDEW profiles) and editable assumptions; the member and roof numbers of the example scenarios are illustrative. They are neither a forecast nor a commitment of the GSE.",
        link: None,
    },
    Term {
        key: "seme",
        it: "Seme della variabilità",
        en: "Variability seed",
        text_it: "Un numero che fissa le differenze casuali fra i consumi dei membri: lo stesso seme dà sempre gli stessi risultati; cambiarlo mostra quanto i risultati dipendono dal caso.",
        text_en: "A number that fixes the random differences between the members' consumption: the same seed always gives the same results; changing it shows how much the results depend on chance.",
        link: None,
    },
    Term {
        key: "confidenza",
        it: "Confidenza H / M / L",
        en: "Confidence H / M / L",
        text_it: "Quanto è sicuro un valore: H = testo normativo o fonti concordi; M = una buona fonte secondaria; L = ipotesi da verificare (mostrata come ipotesi e modificabile).",
        text_en: "How sure a value is: H = primary text or agreeing sources; M = one good secondary source; L = assumption to be verified (shown as an assumption, editable).",
        link: None,
    },
    Term {
        key: "contributo",
        it: "Contributo in conto capitale",
        en: "Capital grant",
        text_it: "Una parte dell'investimento pagata da un bando (PNRR solo per comuni sotto i 50.000 abitanti, quindi non Milano; regionale; altro). Riduce la tariffa premio e abbassa la soglia della regola del 55 % al 45 %.",
        text_en: "Part of the investment paid by a call (PNRR only for municipalities under 50,000 inhabitants, so not Milan; regional; other). It reduces the premium tariff and lowers the 55 % rule's threshold to 45 %.",
        link: None,
    },
    Term {
        key: "autoconsumo",
        it: "Autoconsumo e prosumer",
        en: "Self-consumption and prosumer",
        text_it: "Il membro che ospita un impianto dietro il proprio contatore (un prosumer: una scuola, un condominio) usa subito una parte della produzione; solo il resto è immesso in rete e può essere condiviso.",
        text_en: "The member hosting a plant behind its own meter (a prosumer: a school, a condominium) uses part of the production directly; only the rest is fed into the grid and can be shared.",
        link: None,
    },
    Term {
        key: "van",
        it: "VAN, TIR e rientro",
        en: "NPV, IRR and payback",
        text_it: "VAN: i flussi di cassa futuri scontati al tasso di sconto meno l'investimento (positivo = conviene). TIR: il tasso che azzera il VAN. Rientro: gli anni per recuperare l'investimento.",
        text_en: "NPV: future cash flows discounted at the discount rate minus the investment (positive = worth it). IRR: the rate at which the NPV is zero. Payback: the years to recover the investment.",
        link: None,
    },
    Term {
        key: "ore_complete",
        it: "Ore in forma completa",
        en: "Hours in full form",
        text_it: "Le ore dell'anno che l'ottimizzatore tiene nel modello con ogni dettaglio; nelle altre sa già quale limite conta e usa una forma ridotta, poi verifica che l'ottimo sia lo stesso del modello completo.",
        text_en: "The hours of the year the optimiser keeps in the model in full detail; in the others it already knows which limit binds and uses a reduced form, then checks that the optimum equals the full model's.",
        link: None,
    },
];

/// The term with `key`.
pub fn term(key: &str) -> Option<&'static Term> {
    TERMS.iter().find(|t| t.key == key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_term_is_unique_and_in_both_languages() {
        for (i, t) in TERMS.iter().enumerate() {
            assert!(TERMS[..i].iter().all(|u| u.key != t.key), "{}", t.key);
            for s in [t.it, t.en, t.text_it, t.text_en] {
                assert!(!s.trim().is_empty(), "{}", t.key);
            }
        }
    }
}
