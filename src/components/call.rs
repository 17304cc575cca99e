//! One backend call at a time, its progress and its failure, for the buttons and notices that show them.

use std::future::Future;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::backend::BackendError;
use crate::i18n::{tr, Key};

/// Whether a call is under way, and how the last one failed.
#[derive(Clone, Copy)]
pub struct BackendCall {
    pub pending: RwSignal<bool>,
    pub failure: RwSignal<Option<BackendError>>,
}

impl BackendCall {
    pub fn new() -> Self {
        BackendCall { pending: RwSignal::new(false), failure: RwSignal::new(None) }
    }

    /// Starts `work` unless a call is already under way (a second tap does nothing); `done` gets
    /// what it returns, a failure is kept in `failure`. Safe after the page has gone.
    pub fn start<T: 'static>(
        self,
        work: impl Future<Output = Result<T, BackendError>> + 'static,
        done: impl FnOnce(T) + 'static,
    ) {
        if self.pending.get_untracked() {
            return;
        }
        self.pending.set(true);
        self.failure.set(None);
        spawn_local(async move {
            match work.await {
                Ok(value) => done(value),
                Err(e) => {
                    self.failure.try_set(Some(e));
                }
            }
            self.pending.try_set(false);
        });
    }
}

impl Default for BackendCall {
    fn default() -> Self {
        Self::new()
    }
}

/// A form's main button, disabled and saying so while its call is under way.
#[component]
pub fn SubmitButton(call: BackendCall, idle: Key, busy: Key) -> impl IntoView {
    let (idle, busy) = (tr(idle), tr(busy));
    view! {
        <button type="submit" class="primary" disabled=move || call.pending.get()>
            {move || if call.pending.get() { busy() } else { idle() }}
        </button>
    }
}

/// "Refresh", disabled while refreshing.
#[component]
pub fn RefreshButton(call: BackendCall, #[prop(into)] on_refresh: Callback<()>) -> impl IntoView {
    let (idle, busy) = (tr(Key::Refresh), tr(Key::Refreshing));
    view! {
        <button type="button" class="secondary" on:click=move |_| on_refresh.run(()) disabled=move || call.pending.get()>
            {move || if call.pending.get() { busy() } else { idle() }}
        </button>
    }
}
