//! User-interface strings in Italian (default) and English.

use crate::format::Lang;

/// A UI string in both languages.
pub struct Text {
    /// Italian.
    pub it: &'static str,
    /// English.
    pub en: &'static str,
}

impl Text {
    /// The string in `lang`.
    pub fn get(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::It => self.it,
            Lang::En => self.en,
        }
    }
}

macro_rules! texts {
    ($($name:ident: $it:expr, $en:expr;)*) => {
        $(#[allow(missing_docs)] pub const $name: Text = Text { it: $it, en: $en };)*
    };
}

texts! {
    TITLE: "Simulatore di configurazioni CER", "Energy community configuration simulator";
    SUBTITLE: "CER.ca.MI Solidale · Comunità Energetica Rinnovabile e Solidale di Milano", "CER.ca.MI Solidale · Milan's renewable and solidarity energy community";
    LANGUAGE: "Lingua", "Language";
    CONFIGURATION: "Configurazione", "Configuration";
    ILLUSTRATIVE: "Numeri illustrativi: vedere la descrizione", "Illustrative numbers: see the description";
    KEY_FIGURES: "Cifre chiave (anno tipo)", "Key figures (typical year)";
    PRODUCTION: "Produzione fotovoltaica", "PV production";
    CONSUMPTION: "Consumo dei membri", "Members' consumption";
    SHARED: "Energia condivisa", "Shared energy";
    OF_INJECTION: "dell'energia immessa", "of injected energy";
    SELF_SUFFICIENCY: "Autosufficienza", "Self-sufficiency";
    TIP: "Tariffa premio (MASE)", "Premium tariff (MASE)";
    VALORISATION: "Valorizzazione ARERA", "ARERA valorisation";
    SALES: "Vendita dell'energia immessa", "Sale of injected energy";
    SOLIDARITY_MIN: "Quota solidale minima di legge (regola del 55 %)", "Legal minimum solidarity quota (55 % rule)";
    FUND: "Fondo solidale netto", "Net solidarity fund";
    EP_SUPPORTED: "Famiglie in povertà energetica sostenibili", "Energy-poor households that can be supported";
    EP_AT: "a", "at";
    PER_YEAR: "/anno", "/yr";
    CO2: "CO₂ evitata", "CO₂ avoided";
    MEMBERS: "membri", "members";
    COMPUTED_IN: "calcolato nel browser in", "computed in the browser in";
    CHART_MONTHLY: "Energia per mese", "Energy by month";
    CHART_TYPICAL: "Giorno tipo per mese (kW)", "Typical day by month (kW)";
    CHART_HEATMAP: "Energia condivisa per mese e ora", "Shared energy by month and hour";
    PLANTS: "Impianti", "Plants";
    PLANT: "Impianto", "Plant";
    BAND: "Fascia di potenza", "Power band";
    YIELD: "Resa", "Yield";
    PLANT_SHARED: "Condivisa", "Shared";
    ERRORS: "Lo scenario contiene errori", "The scenario has errors";
    SOURCES: "Fonti dei dati: PVGIS © Unione Europea 2001–2026 (anno meteorologico tipo di Milano); ARERA (profili orari delle famiglie milanesi 2024); BDEW (profili standard per negozi, uffici, scuole); GME (PUN Index 2025); DM MASE 414/2023; ARERA TIAD. Tutti i calcoli avvengono nel browser: nessun dato lascia il dispositivo.", "Data sources: PVGIS © European Union 2001–2026 (Milan typical meteorological year); ARERA (Milan household hourly profiles 2024); BDEW (standard profiles for shops, offices, schools); GME (PUN Index 2025); DM MASE 414/2023; ARERA TIAD. All computation runs in the browser: no data leaves the device.";
}
